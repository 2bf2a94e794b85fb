import type { StreamRecord } from '../types';
import { formatSequence, streamRecordOf, type StreamViewType } from '../streams/records';
import { closeStore, createStore, type BatchOperation, type DynaliteStore, type KeySchemaElement } from './dynalite';
import { StagedWrites } from './staged-writes';
import { TableLocks } from './table-locks';

/** A table's stream, as the local service keeps it beside dynalite's table. */
export interface StreamMeta {
  arn: string;
  label: string;
  viewType: StreamViewType;
  keySchema: KeySchemaElement[];
  /** Epoch ms when the stream was enabled. */
  createdMs: number;
  shardId: string;
  /** The last sequence number removed by retention (records up to it are gone). */
  trimmedThrough?: string;
}

/** What the local service adds to a dynalite table: its stream and Time to Live. */
export interface TableMeta {
  stream?: StreamMeta;
  /** Time to Live is enabled on this attribute. */
  ttl?: { attributeName: string };
}

/** Records appended to one stream by one commit. */
export interface AppendedRecords {
  tableName: string;
  streamArn: string;
  records: StreamRecord[];
}

/** The local service's own keys in dynalite's LevelDB, beside dynalite's ranges (`table~`, `item-…`, `index-…`, `tag-…`). */
export const FlareKeys = {
  meta: 'flare~meta~',
  sequence: 'flare~sequence',
  stream: (streamArn: string) => `flare~stream~${streamArn}~`,
  token: 'flare~txtoken~',
} as const;

/** The end of a key range that starts at `prefix`. */
export const rangeEnd = (prefix: string) => `${prefix}\xff`;

export interface WriteOptions {
  /** Marks the stream records (Time to Live deletions). */
  userIdentity?: StreamRecord['userIdentity'];
  /** Commit the items without stream records (rebuilding a table's indexes is not a change). */
  withoutStreamRecords?: boolean;
}

/**
 * Dynalite's store plus what the local service keeps beside it, and the one write path:
 * every write runs on a StagedWrites under its tables' locks and commits in one LevelDB
 * batch with its stream records. Acknowledged writes are in LevelDB's log (written, not
 * fsynced: they survive the process being killed, not the machine losing power).
 */
export class Database {
  private readonly locks = new TableLocks();
  private readonly metas = new Map<string, TableMeta>();
  private sequence = 0n;

  private constructor(
    readonly store: DynaliteStore,
    private readonly now: () => number,
    private readonly onAppend: (appended: AppendedRecords[]) => void,
  ) {}

  /** Opens the store at `path` (memory when undefined) and loads what the service keeps. */
  static async open(options: { path?: string; now: () => number; onAppend: (appended: AppendedRecords[]) => void }): Promise<Database> {
    const database = new Database(await createStore(options.path), options.now, options.onAppend);
    await database.load();
    return database;
  }

  private async load(): Promise<void> {
    for (const [key, meta] of await this.store.db.iterator({ gte: FlareKeys.meta, lt: rangeEnd(FlareKeys.meta) }).all()) {
      this.metas.set(key.slice(FlareKeys.meta.length), meta as TableMeta);
    }
    // The counter is committed with each batch, but batches of different tables may land
    // out of order: the last record of each stream (and what retention removed) bounds it too.
    let sequence = BigInt(((await this.store.db.get(FlareKeys.sequence)) as string | undefined) ?? '0');
    for (const meta of this.metas.values()) {
      if (!meta.stream) continue;
      const prefix = FlareKeys.stream(meta.stream.arn);
      const [last] = await this.store.db.keys({ gte: prefix, lt: rangeEnd(prefix), reverse: true, limit: 1 }).all();
      for (const candidate of [last?.slice(prefix.length), meta.stream.trimmedThrough]) {
        if (candidate && BigInt(candidate) > sequence) sequence = BigInt(candidate);
      }
    }
    this.sequence = sequence;
  }

  close(): Promise<void> {
    return closeStore(this.store);
  }

  meta(tableName: string): TableMeta {
    return this.metas.get(tableName) ?? {};
  }

  /** Every table with a stream. */
  streams(): { tableName: string; stream: StreamMeta }[] {
    return [...this.metas].filter(([, meta]) => meta.stream).map(([tableName, meta]) => ({ tableName, stream: meta.stream! }));
  }

  /** Every table with Time to Live enabled. */
  ttlTables(): { tableName: string; attributeName: string }[] {
    return [...this.metas].filter(([, meta]) => meta.ttl).map(([tableName, meta]) => ({ tableName, attributeName: meta.ttl!.attributeName }));
  }

  /** Replaces a table's meta (undefined removes it), durably. */
  async setMeta(tableName: string, meta: TableMeta | undefined, extra: BatchOperation[] = []): Promise<void> {
    const empty = !meta || (!meta.stream && !meta.ttl);
    await this.store.db.batch([
      empty ? { type: 'del', key: FlareKeys.meta + tableName } : { type: 'put', key: FlareKeys.meta + tableName, value: meta },
      ...extra,
    ]);
    if (empty) this.metas.delete(tableName);
    else this.metas.set(tableName, meta);
  }

  /** Runs `work` holding the locks of `tables` (reads that must not see a write half done). */
  withLocks<T>(tables: Iterable<string>, work: () => Promise<T>): Promise<T> {
    return this.locks.with(tables, work);
  }

  /**
   * Runs `work` on a unit of work holding the locks of `tables`, then commits what it staged
   * in one batch with a stream record per changed item of a table with a stream. Nothing is
   * written if `work` throws.
   */
  write<T>(tables: Iterable<string>, work: (staged: StagedWrites) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    return this.locks.with(tables, async () => {
      const staged = new StagedWrites(this.store);
      const result = await work(staged);
      if (!staged.empty) await this.commit(staged, options);
      return result;
    });
  }

  private async commit(staged: StagedWrites, options: WriteOptions): Promise<void> {
    const operations = staged.operations();
    const appended = new Map<string, AppendedRecords>();
    if (!options.withoutStreamRecords) {
      const now = this.now();
      for (const change of await staged.changes()) {
        const stream = this.metas.get(change.tableName)?.stream;
        if (!stream) continue;
        const sequenceNumber = formatSequence(++this.sequence);
        const record = streamRecordOf(change, stream, sequenceNumber, now, options.userIdentity);
        operations.push({ type: 'put', key: FlareKeys.stream(stream.arn) + sequenceNumber, value: record });
        let entry = appended.get(stream.arn);
        if (!entry) appended.set(stream.arn, (entry = { tableName: change.tableName, streamArn: stream.arn, records: [] }));
        entry.records.push(record);
      }
      if (appended.size > 0) operations.push({ type: 'put', key: FlareKeys.sequence, value: this.sequence.toString() });
    }
    await this.store.db.batch(operations);
    if (appended.size > 0) this.onAppend([...appended.values()]);
  }
}
