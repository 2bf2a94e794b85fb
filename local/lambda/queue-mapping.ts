import type { Message } from '@aws-sdk/client-sqs';
import { LOCAL_ACCOUNT } from '../assembly';
import type { Logger } from '../reporter';
import type { QueueFacts, SqsService } from '../sqs/types';
import { compileFilters } from './event-filter';
import type { FunctionConfig } from './function-config';
import type { EventSourceMapping, FunctionHost } from './types';

/** The settings of an SQS mapping, with Lambda's defaults. */
export interface QueueSettings {
  batchSize: number;
  batchingWindowMs: number;
  reportBatchItemFailures: boolean;
  /** Pollers (batches in flight at once): ScalingConfig.MaximumConcurrency, else Lambda's five to start with. */
  concurrency: number;
  filter?: (record: unknown) => boolean;
}

/** Lambda polls with long polling: 20 s, SQS's longest wait. */
const POLL_WAIT_MS = 20_000;
/** Lambda's batch limit: 6 MB of payload (records with their bodies and attributes). */
const PAYLOAD_LIMIT = 6 * 1024 * 1024;

/**
 * An SQS mapping's settings, or why Lambda would refuse the mapping (CloudFormation's create
 * fails with that message, so it does not run locally either).
 */
export function queueSettingsOf(properties: Record<string, unknown>): QueueSettings | string {
  const batchSize = properties.BatchSize === undefined ? 10 : Number(properties.BatchSize);
  const windowSeconds = Number(properties.MaximumBatchingWindowInSeconds ?? 0);
  if (batchSize > 10 && windowSeconds <= 0) return 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10';
  if (batchSize < 1 || batchSize > 10_000) return `BatchSize ${batchSize} is out of range (1–10,000 for SQS)`;
  if (windowSeconds < 0 || windowSeconds > 300) return `MaximumBatchingWindowInSeconds ${windowSeconds} is out of range (0–300)`;
  const maximum = (properties.ScalingConfig as { MaximumConcurrency?: unknown } | undefined)?.MaximumConcurrency;
  if (maximum !== undefined && (Number(maximum) < 2 || Number(maximum) > 1000)) return `ScalingConfig.MaximumConcurrency ${String(maximum)} is out of range (2–1000)`;
  return {
    batchSize,
    batchingWindowMs: windowSeconds * 1000,
    reportBatchItemFailures: Array.isArray(properties.FunctionResponseTypes) && properties.FunctionResponseTypes.includes('ReportBatchItemFailures'),
    concurrency: maximum === undefined ? 5 : Number(maximum),
    filter: compileFilters(properties.FilterCriteria),
  };
}

/** A message as Lambda's SQS event carries it. */
export function toLambdaQueueRecord(message: Message, queueArn: string): Record<string, unknown> {
  const attributes = message.MessageAttributes ?? {};
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: message.Attributes ?? {},
    messageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [
        name,
        {
          ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
          // Base64 text on the JSON wire, as in the event Lambda builds.
          ...(value.BinaryValue !== undefined && { binaryValue: value.BinaryValue as unknown as string }),
          stringListValues: [],
          binaryListValues: [],
          dataType: value.DataType,
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody,
    ...(message.MD5OfMessageAttributes && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_ACCOUNT.region,
  };
}

/** The body as a filter pattern sees it: parsed when it is JSON, as Lambda filters it. */
function filterView(record: Record<string, unknown>): Record<string, unknown> {
  try {
    return { ...record, body: JSON.parse(String(record.body)) };
  } catch {
    return record;
  }
}

/**
 * One running SQS mapping: `concurrency` pollers, each long-polling the queue in-process,
 * gathering a batch (up to BatchSize, for up to MaximumBatchingWindowInSeconds), invoking the
 * function, and deleting what it processed: the whole batch on success, all but the reported
 * `batchItemFailures` with ReportBatchItemFailures, nothing when the function fails (the
 * messages come back after their visibility timeout, their receive count raised, until the
 * queue's redrive policy moves them to its DLQ). While a batch runs its messages are kept
 * invisible: their visibility is extended before it ends. Messages a filter does not match are
 * deleted, as Lambda does.
 */
export class QueueMapping {
  private readonly abort = new AbortController();
  private readonly pollers: Promise<void>[] = [];

  constructor(
    private readonly mapping: EventSourceMapping,
    private readonly config: FunctionConfig,
    private readonly settings: QueueSettings,
    private readonly queue: QueueFacts,
    private readonly sqs: SqsService,
    private readonly lambda: FunctionHost,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (let i = 0; i < this.settings.concurrency; i++) this.pollers.push(this.poll());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.pollers);
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      try {
        const batch = await this.gather();
        if (batch.length > 0) await this.process(batch);
      } catch (error) {
        if (this.stopped) return;
        this.log.error(`event-source mapping ${this.mapping.logicalId}: ${(error as Error).stack ?? (error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** One batch: a first message (long poll), then more until BatchSize, the window's end, or 6 MB. */
  private async gather(): Promise<Message[]> {
    const { batchSize, batchingWindowMs } = this.settings;
    const receive = (max: number, waitMs: number) => this.sqs.receiveMessages(this.queue.arn, { maxMessages: Math.min(10, max), waitMs, signal: this.abort.signal });
    const batch = await receive(batchSize, POLL_WAIT_MS);
    if (batch.length === 0) return batch;
    const deadline = Date.now() + batchingWindowMs;
    let bytes = batch.reduce((sum, message) => sum + Buffer.byteLength(message.Body ?? ''), 0);
    while (batch.length < batchSize && bytes < PAYLOAD_LIMIT / 2 && !this.stopped) {
      const left = deadline - Date.now();
      const more = await receive(batchSize - batch.length, Math.max(0, left));
      batch.push(...more);
      bytes += more.reduce((sum, message) => sum + Buffer.byteLength(message.Body ?? ''), 0);
      if (more.length === 0 && left <= 0) break;
    }
    return batch;
  }

  private async process(messages: Message[]): Promise<void> {
    const records = messages.map((message) => toLambdaQueueRecord(message, this.queue.arn));
    const kept = this.settings.filter ? records.filter((record) => this.settings.filter!(filterView(record))) : records;
    const filteredOut = records.filter((record) => !kept.includes(record)).map((record) => String(record.receiptHandle));
    if (filteredOut.length > 0) await this.sqs.deleteMessages(this.queue.arn, filteredOut);
    if (kept.length === 0) return;
    const handles = kept.map((record) => String(record.receiptHandle));
    // Keep the batch invisible while it runs: extend its visibility a second before it would end.
    const extendEveryMs = Math.max(1000, (this.queue.visibilityTimeout - 1) * 1000);
    const keeper = setInterval(() => {
      this.sqs.changeVisibility(this.queue.arn, handles, this.queue.visibilityTimeout).catch((error: Error) => this.log.warn(`event-source mapping ${this.mapping.logicalId}: could not keep a batch invisible (${error.message})`));
    }, extendEveryMs);
    let failed: Set<string> | 'all';
    try {
      failed = await this.invoke(kept);
    } finally {
      clearInterval(keeper);
    }
    if (failed === 'all') return;
    const done = kept.filter((record) => !failed.has(String(record.messageId))).map((record) => String(record.receiptHandle));
    await this.sqs.deleteMessages(this.queue.arn, done);
  }

  /** The ids of the records that failed (all of them when the function did). */
  private async invoke(records: Record<string, unknown>[]): Promise<Set<string> | 'all'> {
    let result;
    try {
      // The invocation continues the trace its (first) message carries, as Lambda's SQS poller does.
      const traceId = (records[0]?.attributes as { AWSTraceHeader?: string } | undefined)?.AWSTraceHeader;
      result = await this.lambda.invoke(this.config.name, { Records: records }, { source: `event-source mapping ${this.mapping.logicalId}`, traceId });
    } catch (error) {
      this.log.warn(`event-source mapping ${this.mapping.logicalId}: invoke failed (${(error as Error).message}); the messages return after their visibility timeout`);
      return 'all';
    }
    if (result.functionError) {
      this.log.warn(`event-source mapping ${this.mapping.logicalId}: ${this.config.displayName} failed a batch of ${records.length} (${result.error?.errorType ?? 'error'}: ${result.error?.errorMessage ?? ''}); the messages return after their visibility timeout`);
      return 'all';
    }
    if (!this.settings.reportBatchItemFailures) return new Set();
    const failures = (result.payload as { batchItemFailures?: { itemIdentifier?: unknown }[] } | null)?.batchItemFailures;
    if (failures === undefined || failures === null) return new Set();
    if (!Array.isArray(failures)) return 'all';
    const ids = new Set(records.map((record) => String(record.messageId)));
    const failed = new Set<string>();
    for (const failure of failures) {
      // An empty, missing or unknown identifier fails the whole batch, as Lambda treats it.
      if (typeof failure?.itemIdentifier !== 'string' || !ids.has(failure.itemIdentifier)) return 'all';
      failed.add(failure.itemIdentifier);
    }
    return failed;
  }
}
