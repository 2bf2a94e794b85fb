import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../reporter';
import { TEMPORARY_SUFFIX, writeFileAtomic } from './atomic-file';
import { StateVersionError } from './errors';
import { KeyedQueue } from './keyed-queue';

/**
 * Turns a record of the previous schema version into this one (the version it is keyed by
 * in `migrations`); `undefined` drops the record.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration reads whatever the older schema wrote
export type Migration = (value: any, key: string) => unknown;

export interface CollectionOptions {
  /** The schema version of the records this code writes (1 for a new collection). */
  version: number;
  /** `migrations[n]` turns a version n-1 record into a version n one; every step up to `version` must be there. */
  migrations?: Readonly<Record<number, Migration>>;
  /** File mode of the record files: 0o600 for secrets and keys. Default 0o644. */
  mode?: number;
}

interface OpenOptions {
  /** Undefined keeps the collection in memory. */
  dir: string | undefined;
  log: Logger;
  /** Read another process's state without changing it: nothing is repaired, migrated on disk or written. */
  readOnly?: boolean;
}

/** A record as it lies on disk: the key it is stored under, its schema version, its value. */
interface RecordFile {
  key: string;
  version: number;
  value: unknown;
}

const fileName = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * A named collection of one service's state: records (JSON values) by key, all held in
 * memory and each kept on disk in its own file (`<collection>/<hh>/<sha256 of key>.json`).
 *
 * A write is acknowledged when its promise resolves: the record file has been renamed into
 * place (see the store's flush policy in state-store.ts). Only then does `get` return the
 * new value, so nothing unacknowledged is ever read. Writes of one key apply in call order;
 * values are not copied, so treat a value as immutable once it is put.
 * @example
 * const identities = await state.collection<Identity>('identities', { version: 1 });
 * await identities.put(identity.identityId, identity);
 * identities.get(identity.identityId);
 */
export class Collection<T> {
  private readonly records = new Map<string, T>();
  private readonly queue = new KeyedQueue();
  private readonly knownDirs = new Set<string>();

  private constructor(
    readonly name: string,
    /** Undefined in memory. */
    private readonly dir: string | undefined,
    private readonly options: CollectionOptions,
    private readonly readOnly: boolean,
  ) {}

  /** Opens a collection: in memory when `dir` is undefined; else loads, repairs and migrates what is on disk. */
  static async open<T>(name: string, options: CollectionOptions, open: OpenOptions): Promise<Collection<T>> {
    for (let version = 2; version <= options.version; version++) {
      if (!options.migrations?.[version]) throw new Error(`State collection ${name}: no migration to schema version ${version}`);
    }
    const collection = new Collection<T>(name, open.dir, options, open.readOnly === true);
    if (open.dir) await collection.load(open.dir, open.log);
    return collection;
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  has(key: string): boolean {
    return this.records.has(key);
  }

  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  values(): IterableIterator<T> {
    return this.records.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.records.entries();
  }

  /** Stores `value` under `key`; resolves once it is durable, and only then is it read back. */
  put(key: string, value: T): Promise<void> {
    if (this.readOnly) return Promise.reject(new Error(`State collection ${this.name} was opened read-only`));
    if (!this.dir) {
      this.records.set(key, value);
      return Promise.resolve();
    }
    return this.queue.run(key, async () => {
      const record: RecordFile = { key, version: this.options.version, value };
      await writeFileAtomic(this.file(key), JSON.stringify(record), { mode: this.options.mode, knownDirs: this.knownDirs });
      this.records.set(key, value);
    });
  }

  /** Removes the record; resolves to whether there was one, once its removal is durable. */
  delete(key: string): Promise<boolean> {
    if (this.readOnly) return Promise.reject(new Error(`State collection ${this.name} was opened read-only`));
    if (!this.dir) return Promise.resolve(this.records.delete(key));
    return this.queue.run(key, async () => {
      if (!this.records.has(key)) return false;
      await rm(this.file(key), { force: true });
      return this.records.delete(key);
    });
  }

  /** Resolves once every write started so far has finished. */
  settled(): Promise<void> {
    return this.queue.idle();
  }

  private file(key: string): string {
    const name = fileName(key);
    return path.join(this.dir!, name.slice(0, 2), `${name}.json`);
  }

  private async load(dir: string, log: Logger): Promise<void> {
    if (!existsSync(dir)) return;
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path: string }).path;
      const file = path.join(parent, entry.name);
      if (entry.name.endsWith(TEMPORARY_SUFFIX)) {
        if (!this.readOnly) await rm(file, { force: true });
        continue;
      }
      if (!entry.name.endsWith('.json')) continue;
      let record: RecordFile;
      try {
        record = JSON.parse(await readFile(file, 'utf8')) as RecordFile;
        if (typeof record.key !== 'string' || !Number.isInteger(record.version) || file !== this.file(record.key)) throw new Error('not a record of this collection');
      } catch (error) {
        // Written but not fsynced: only a power loss can leave a record torn.
        log.warn(`state ${this.name}: ${path.relative(dir, file)} is unreadable (${(error as Error).message}; a power loss?); the record is dropped`);
        if (!this.readOnly) await rm(file, { force: true });
        continue;
      }
      await this.adopt(record);
    }
  }

  /** Takes a loaded record in, migrating it to the current schema first (and writing that back). */
  private async adopt(record: RecordFile): Promise<void> {
    if (record.version > this.options.version) throw new StateVersionError(this.name, record.version, this.options.version);
    let value = record.value;
    for (let version = record.version + 1; version <= this.options.version && value !== undefined; version++) {
      value = this.options.migrations![version](value, record.key);
    }
    if (record.version === this.options.version || this.readOnly) {
      if (value !== undefined) this.records.set(record.key, value as T);
    } else if (value === undefined) await rm(this.file(record.key), { force: true });
    else await this.put(record.key, value as T);
  }
}
