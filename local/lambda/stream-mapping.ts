import { toLambdaStreamRecord } from '../dynamodb';
import type { DynamoDBStreamSource, StreamRecord, StreamSubscription } from '../dynamodb/types';
import type { Logger } from '../reporter';
import type { FunctionConfig } from './function-config';
import type { EventSourceMapping, FunctionHost } from './types';

/** The settings of a stream mapping, with Lambda's defaults. */
export interface StreamSettings {
  batchSize: number;
  batchingWindowMs: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** -1: until the record expires. */
  maximumRetryAttempts: number;
  /** -1: until the record expires (24 h on a DynamoDB stream). */
  maximumRecordAgeSeconds: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
  onFailure?: string;
  filter?: (record: unknown) => boolean;
}

/** One running DynamoDB stream mapping: buffer, batch, invoke, retry, checkpoint. */
export class StreamMapping {
  private subscription?: StreamSubscription;
  private buffer: StreamRecord[] = [];
  private windowTimer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private streamArn = '';
  private readonly retryTimers = new Set<{ timer: NodeJS.Timeout; resolve(): void }>();

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly config: FunctionConfig,
    private readonly settings: StreamSettings,
    private readonly log: Logger,
    private readonly lambda: FunctionHost,
    private readonly retryBaseMs: number,
    /** Records the position; durable when it resolves. */
    private readonly checkpoint: (sequence: string) => Promise<void>,
  ) {}

  start(dynamodb: DynamoDBStreamSource, from: 'TRIM_HORIZON' | 'LATEST' | { afterSequenceNumber: string }): void {
    this.subscription = dynamodb.onStreamRecords(this.mapping.eventSourceArn, (records, context) => this.receive(records, context.streamArn), {
      from,
      batchSize: this.settings.batchSize,
    });
    this.streamArn = this.subscription.streamArn;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.subscription?.close();
    clearTimeout(this.windowTimer);
    for (const retry of this.retryTimers) {
      clearTimeout(retry.timer);
      retry.resolve();
    }
    await this.chain;
  }

  private async receive(records: StreamRecord[], streamArn: string): Promise<void> {
    this.streamArn = streamArn;
    const kept = this.settings.filter ? records.filter((record) => this.settings.filter!(toLambdaStreamRecord(record, streamArn))) : records;
    // Filtered-out records are consumed: the position moves past them.
    if (kept.length === 0 && records.length > 0) this.enqueue(() => this.checkpoint(records[records.length - 1].dynamodb.SequenceNumber));
    this.buffer.push(...kept);
    if (this.buffer.length >= this.settings.batchSize || this.settings.batchingWindowMs === 0) {
      clearTimeout(this.windowTimer);
      this.windowTimer = undefined;
      // Waiting here holds the next delivery back: the stream is read no faster than it is processed.
      await this.flush();
    } else {
      this.windowTimer ??= setTimeout(() => {
        this.windowTimer = undefined;
        void this.flush();
      }, this.settings.batchingWindowMs);
    }
  }

  private flush(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.settings.batchSize);
      this.enqueue(() => this.process(batch, 0));
    }
    return this.chain;
  }

  private enqueue(work: () => Promise<void> | void): void {
    this.chain = this.chain.then(work).catch((error: Error) => this.log.error(`event-source mapping ${this.mapping.logicalId} failed: ${error.stack ?? error.message}`));
  }

  /** Invokes with one batch until it succeeds, is discarded, or the mapping stops. */
  private async process(batch: StreamRecord[], retries: number): Promise<void> {
    for (;;) {
      if (this.stopped || batch.length === 0) return;
      const failedFrom = await this.invoke(batch);
      if (failedFrom === undefined) {
        await this.checkpoint(batch[batch.length - 1].dynamodb.SequenceNumber);
        return;
      }
      // A partial batch response retries from the first failed record on.
      const remaining = batch.slice(failedFrom);
      if (failedFrom > 0) await this.checkpoint(batch[failedFrom - 1].dynamodb.SequenceNumber);
      const oldest = Math.min(...remaining.map((record) => record.dynamodb.ApproximateCreationDateTime));
      const tooOld = this.settings.maximumRecordAgeSeconds >= 0 && Date.now() / 1000 - oldest > this.settings.maximumRecordAgeSeconds;
      const exhausted = this.settings.maximumRetryAttempts >= 0 && retries >= this.settings.maximumRetryAttempts;
      if (tooOld || exhausted) {
        const first = remaining[0].dynamodb.SequenceNumber;
        const last = remaining[remaining.length - 1].dynamodb.SequenceNumber;
        this.log.error(
          `event-source mapping ${this.mapping.logicalId}: discarding ${remaining.length} record(s) (sequence ${first}–${last}) after ${retries + 1} attempt(s)${tooOld ? ' (older than MaximumRecordAgeInSeconds)' : ''}${this.settings.onFailure ? `; OnFailure ${this.settings.onFailure} does not run locally` : ''}`,
        );
        await this.checkpoint(last);
        return;
      }
      if (this.settings.bisectOnError && remaining.length > 1) {
        // Splitting does not count against the retry quota; each half retries on its own.
        const half = Math.ceil(remaining.length / 2);
        this.log.warn(`event-source mapping ${this.mapping.logicalId}: splitting a failed batch of ${remaining.length} into ${half} + ${remaining.length - half}`);
        await this.process(remaining.slice(0, half), retries + 1);
        await this.process(remaining.slice(half), retries + 1);
        return;
      }
      await this.wait(Math.min(30_000, this.retryBaseMs * 2 ** retries));
      batch = remaining;
      retries++;
    }
  }

  /** The index of the first record to retry, or undefined when the whole batch succeeded. */
  private async invoke(batch: StreamRecord[]): Promise<number | undefined> {
    const event = { Records: batch.map((record) => toLambdaStreamRecord(record, this.streamArn)) };
    let result;
    try {
      result = await this.lambda.invoke(this.config.name, event, { source: `event-source mapping ${this.mapping.logicalId}` });
    } catch (error) {
      this.log.warn(`event-source mapping ${this.mapping.logicalId}: invoke failed (${(error as Error).message}); retrying`);
      return 0;
    }
    if (result.functionError) return 0;
    if (!this.settings.reportBatchItemFailures) return undefined;
    const failures = (result.payload as { batchItemFailures?: { itemIdentifier?: string }[] } | null)?.batchItemFailures;
    if (!Array.isArray(failures) || failures.length === 0) return undefined;
    const indexes = failures.map((failure) => batch.findIndex((record) => record.dynamodb.SequenceNumber === failure.itemIdentifier));
    // An identifier that names no record of the batch fails the whole batch, as Lambda treats it.
    if (indexes.some((index) => index < 0)) return 0;
    return Math.min(...indexes);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.retryTimers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.retryTimers.add(entry);
    });
  }
}
