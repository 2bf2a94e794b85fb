/**
 * The local cloud's state, below every service: named collections per service (records by
 * key, see collection.ts), plus directories for the engines that keep their own files
 * (DynamoDB's LevelDB, S3's object bytes), under one lifecycle.
 *
 * Flush policy (the local DynamoDB's contract, the same for every service): a write is
 * acknowledged once it is renamed into place — written to a temporary file, then renamed
 * over the record — and is not fsynced. An acknowledged write survives the process being
 * killed (SIGKILL, a crash); a killed process leaves every record old or new, never torn.
 * A power loss may lose the last writes; a record it left torn is dropped at start, with a
 * warning, rather than read half.
 *
 * Layout: `<dir>/lock.json` (the process holding it), `<dir>/<service>/<collection>/…`,
 * `<dir>/<service>/<directory>/…`. With no `dir` (`--in-memory`) nothing touches the disk.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger, Reporter } from '../reporter';
import { Collection, type CollectionOptions } from './collection';
import { StateLock } from './lock';

export interface StateStoreOptions {
  /** Where state lives; undefined keeps everything in memory (`--in-memory`). */
  dir?: string;
  /** Wipe the directory first (`--reset`), once it is ours. */
  reset?: boolean;
  reporter: Reporter;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkName(kind: string, name: string): void {
  if (!NAME.test(name)) throw new Error(`A state ${kind} name must be letters, digits, '.', '-' and '_': ${JSON.stringify(name)}`);
}

/**
 * @example
 * const store = await StateStore.open({ dir: '.amplify/local/state', reporter });
 * const ssm = store.service('ssm');
 * const parameters = await ssm.collection<StoredParameter>('parameters', { version: 1 });
 * await store.close();
 */
export class StateStore {
  private readonly services = new Map<string, ServiceState>();

  private constructor(
    readonly dir: string | undefined,
    private readonly reporter: Reporter,
    private readonly lock: StateLock | undefined,
    private readonly readOnly: boolean,
  ) {}

  static async open(options: StateStoreOptions): Promise<StateStore> {
    if (!options.dir) return StateStore.memory(options.reporter);
    const dir = path.resolve(options.dir);
    await mkdir(dir, { recursive: true });
    const lock = await StateLock.acquire(dir);
    try {
      if (options.reset) {
        for (const entry of await readdir(dir)) if (entry !== 'lock.json') await rm(path.join(dir, entry), { recursive: true, force: true });
      }
    } catch (error) {
      await lock.release();
      throw error;
    }
    return new StateStore(dir, options.reporter, lock, false);
  }

  /**
   * State kept in memory only (`--in-memory`): nothing touches the disk.
   * @example
   * await service.start({ …, state: StateStore.memory(reporter).service('appsync') });
   */
  static memory(reporter: Reporter): StateStore {
    return new StateStore(undefined, reporter, undefined, false);
  }

  /**
   * Another process's state, to read without taking it over: no lock, nothing written.
   * @example
   * const saved = StateStore.readOnly('.amplify/local/state', reporter).service('ssm');
   */
  static readOnly(dir: string, reporter: Reporter): StateStore {
    return new StateStore(path.resolve(dir), reporter, undefined, true);
  }

  /** Whether state outlives the process. */
  get persistent(): boolean {
    return this.dir !== undefined;
  }

  /** One service's part of the store; the same object for the same name. */
  service(name: string): ServiceState {
    checkName('service', name);
    let state = this.services.get(name);
    if (!state) {
      state = new ServiceState(name, this.dir && path.join(this.dir, name), this.reporter.for(name), this.readOnly);
      this.services.set(name, state);
    }
    return state;
  }

  /** Records the edge of the local cloud holding this state (`npm run secret` finds it there). */
  async announce(endpoint: string): Promise<void> {
    await this.lock?.announce(endpoint);
  }

  /**
   * Empties the state, for the console's reset: waits for writes in flight, forgets every
   * service's part but `keep`'s (the services started next open their collections afresh)
   * and removes their files. Call it with those services stopped; the lock stays held.
   */
  async clear(keep: readonly string[]): Promise<void> {
    if (this.readOnly) throw new Error('A read-only state store cannot be cleared');
    await Promise.all([...this.services.values()].map((service) => service.settled()));
    for (const name of [...this.services.keys()]) if (!keep.includes(name)) this.services.delete(name);
    if (!this.dir) return;
    for (const entry of await readdir(this.dir)) {
      if (entry !== 'lock.json' && !keep.includes(entry)) await rm(path.join(this.dir, entry), { recursive: true, force: true });
    }
  }

  /** Waits for every write in flight, then lets the state directory go. */
  async close(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.settled()));
    await this.lock?.release();
  }
}

/** What one service keeps: its collections and its engine directories. */
export class ServiceState {
  private readonly collections = new Map<string, Collection<unknown>>();
  private readonly names = new Set<string>();

  constructor(
    readonly service: string,
    /** `<state>/<service>`, or undefined in memory. */
    private readonly root: string | undefined,
    private readonly log: Logger,
    private readonly readOnly: boolean,
  ) {}

  get persistent(): boolean {
    return this.root !== undefined;
  }

  /**
   * A named collection of records (see Collection), loaded from disk on first open.
   * @example
   * const users = await state.collection<StoredUser>(`users.${poolId}`, { version: 1 });
   */
  async collection<T>(name: string, options: CollectionOptions): Promise<Collection<T>> {
    this.claim(name);
    const collection = await Collection.open<T>(`${this.service}/${name}`, options, {
      dir: this.root && path.join(this.root, name),
      log: this.log,
      readOnly: this.readOnly,
    });
    this.collections.set(name, collection as Collection<unknown>);
    return collection;
  }

  /**
   * A directory for an engine that keeps its own files (DynamoDB's LevelDB, S3's blobs),
   * made on first use; undefined in memory, where the engine keeps nothing on disk.
   */
  async directory(name: string): Promise<string | undefined> {
    this.claim(name);
    if (!this.root) return undefined;
    const dir = path.join(this.root, name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * A file an earlier layout of this service's state left (before the store), to import into
   * collections. Call `remove` once the import is durable: until then a restart imports again.
   */
  async legacyJson<T>(relative: string): Promise<{ value: T; remove(): Promise<void> } | undefined> {
    const legacy = await this.legacyText(relative);
    return legacy && { value: JSON.parse(legacy.value) as T, remove: legacy.remove };
  }

  /** As legacyJson, for a file that is not JSON (a key in hex). */
  async legacyText(relative: string): Promise<{ value: string; remove(): Promise<void> } | undefined> {
    if (!this.root || this.readOnly) return undefined;
    const file = path.join(this.root, relative);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return { value: text, remove: () => rm(file, { force: true }) };
  }

  /** Resolves once every write started so far in this service's collections has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.collections.values()].map((collection) => collection.settled()));
  }

  private claim(name: string): void {
    checkName('collection', name);
    if (this.names.has(name)) throw new Error(`State ${this.service}/${name} is already open: one owner per collection or directory`);
    this.names.add(name);
  }
}
