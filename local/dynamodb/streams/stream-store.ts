import type { Logger } from '../../reporter';
import { FlareKeys, rangeEnd, type AppendedRecords, type Database, type StreamMeta } from '../engine/database';
import { ResourceNotFoundException } from '../errors';
import { formatSequence } from './records';
import type { StreamListener, StreamPosition, StreamRecord, StreamSubscription } from '../types';

/** How long records stay readable, as on AWS. */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The tables' streams: records persisted in LevelDB (committed with the writes that made
 * them, see Database.write), read by sequence number, trimmed after 24 hours, and pushed to
 * in-process subscribers after each commit.
 */
export class StreamStore {
  private readonly subscriptions = new Map<string, Set<Subscription>>();

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** The stream of a table, by stream ARN, table ARN or table name. */
  find(reference: string): { tableName: string; stream: StreamMeta } | undefined {
    return this.database.streams().find(({ tableName, stream }) =>
      stream.arn === reference || tableName === reference || reference === stream.arn.slice(0, stream.arn.indexOf('/stream/')));
  }

  /** Records with sequence numbers after `after` (from the oldest retained when undefined). */
  async read(streamArn: string, after: string | undefined, limit: number): Promise<StreamRecord[]> {
    const prefix = FlareKeys.stream(streamArn);
    const range = after === undefined ? { gte: prefix } : { gt: prefix + after };
    return (await this.database.store.db.values({ ...range, lt: rangeEnd(prefix), limit }).all()) as StreamRecord[];
  }

  /** The newest record's sequence number, if any. */
  async lastSequence(streamArn: string): Promise<string | undefined> {
    const prefix = FlareKeys.stream(streamArn);
    const [last] = await this.database.store.db.keys({ gte: prefix, lt: rangeEnd(prefix), reverse: true, limit: 1 }).all();
    return last?.slice(prefix.length);
  }

  /** The oldest retained record's sequence number, if any. */
  async firstSequence(streamArn: string): Promise<string | undefined> {
    const prefix = FlareKeys.stream(streamArn);
    const [first] = await this.database.store.db.keys({ gte: prefix, lt: rangeEnd(prefix), limit: 1 }).all();
    return first?.slice(prefix.length);
  }

  /** Removes a stream's records (its table was deleted or its stream disabled). */
  async drop(streamArn: string): Promise<void> {
    const prefix = FlareKeys.stream(streamArn);
    const keys = await this.database.store.db.keys({ gte: prefix, lt: rangeEnd(prefix) }).all();
    if (keys.length > 0) await this.database.store.db.batch(keys.map((key) => ({ type: 'del' as const, key })));
    for (const subscription of this.subscriptions.get(streamArn) ?? []) subscription.close();
    this.subscriptions.delete(streamArn);
  }

  /** Deletes records older than the retention period; returns how many. */
  async trim(): Promise<number> {
    const cutoffSeconds = (this.now() - STREAM_RETENTION_MS) / 1000;
    let removed = 0;
    for (const { tableName, stream } of this.database.streams()) {
      const prefix = FlareKeys.stream(stream.arn);
      const expired: string[] = [];
      for (const [key, record] of await this.database.store.db.iterator({ gte: prefix, lt: rangeEnd(prefix), limit: 10_000 }).all()) {
        if ((record as StreamRecord).dynamodb.ApproximateCreationDateTime >= cutoffSeconds) break;
        expired.push(key);
      }
      if (expired.length === 0) continue;
      const trimmedThrough = expired[expired.length - 1].slice(prefix.length);
      const meta = this.database.meta(tableName);
      await this.database.setMeta(tableName, { ...meta, stream: { ...stream, trimmedThrough } }, expired.map((key) => ({ type: 'del', key })));
      removed += expired.length;
    }
    return removed;
  }

  /** Called by the database after each commit that appended records. */
  appended(appended: AppendedRecords[]): void {
    for (const { streamArn } of appended) for (const subscription of this.subscriptions.get(streamArn) ?? []) subscription.wake();
  }

  subscribe(reference: string, listener: StreamListener, options: { from?: StreamPosition; batchSize?: number } = {}): StreamSubscription {
    const found = this.find(reference);
    if (!found) throw new ResourceNotFoundException(`Requested resource not found: ${reference} has no stream`);
    const batchSize = options.batchSize ?? 100;
    const from = options.from;
    if (typeof from === 'object' && !/^\d{1,40}$/.test(from.afterSequenceNumber)) throw new RangeError(`afterSequenceNumber must be a sequence number (got ${JSON.stringify(from.afterSequenceNumber)})`);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new RangeError(`batchSize must be an integer from 1 to 10000 (got ${batchSize})`);
    const subscription = new Subscription(this, found.tableName, found.stream.arn, listener, batchSize, this.log, () => this.subscriptions.get(found.stream.arn)?.delete(subscription));
    let set = this.subscriptions.get(found.stream.arn);
    if (!set) this.subscriptions.set(found.stream.arn, (set = new Set()));
    set.add(subscription);
    subscription.begin(options.from ?? 'LATEST');
    return subscription;
  }

  /** Stops every subscription (the service is stopping). */
  closeAll(): void {
    for (const set of this.subscriptions.values()) for (const subscription of set) subscription.close();
    this.subscriptions.clear();
  }
}

/**
 * One subscriber: pulls the records after its position and hands them over one batch at a
 * time. Pulling (rather than pushing what a commit appended) makes catching up from a
 * position and following live writes the same code, and keeps order under concurrency.
 */
class Subscription implements StreamSubscription {
  position: string | undefined;
  private ready: Promise<void> = Promise.resolve();
  private running = false;
  private pending = false;
  private closed = false;

  constructor(
    private readonly streams: StreamStore,
    private readonly tableName: string,
    readonly streamArn: string,
    private readonly listener: StreamListener,
    private readonly batchSize: number,
    private readonly log: Logger,
    private readonly onClose: () => void,
  ) {}

  begin(from: StreamPosition): void {
    if (typeof from === 'object') this.position = formatSequence(BigInt(from.afterSequenceNumber));
    else if (from === 'LATEST') {
      this.ready = this.streams.lastSequence(this.streamArn).then((last) => {
        this.position = last;
      });
    }
    this.wake();
  }

  wake(): void {
    if (this.closed) return;
    this.pending = true;
    if (!this.running) void this.drain();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      await this.ready;
      while (this.pending && !this.closed) {
        this.pending = false;
        for (;;) {
          const records = await this.streams.read(this.streamArn, this.position, this.batchSize);
          if (records.length === 0 || this.closed) break;
          this.position = records[records.length - 1].dynamodb.SequenceNumber;
          try {
            await this.listener(records, { streamArn: this.streamArn, tableName: this.tableName });
          } catch (error) {
            this.log.error(`stream listener on ${this.streamArn} failed on records up to ${this.position}: ${(error as Error).stack ?? error}`);
          }
        }
      }
    } catch (error) {
      // Reads fail once the service has stopped; only a failure while open is news.
      if (!this.closed) this.log.error(`stream subscription on ${this.streamArn} stopped: ${(error as Error).stack ?? error}`);
      this.closed = true;
    } finally {
      this.running = false;
    }
  }
}
