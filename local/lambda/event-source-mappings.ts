import { toLambdaStreamRecord } from '../dynamodb';
import type { DynamoDBService, DynamoDBStreamSource, StreamRecord, StreamSubscription } from '../dynamodb/types';
import type { IamService } from '../iam/types';
import type { Logger } from '../reporter';
import type { ServiceContext } from '../service';
import type { Collection } from '../state';
import { compileFilters, UnsupportedFilterError } from './event-filter';
import type { FunctionConfig } from './function-config';
import type { EventSourceMapping, FunctionHost } from './types';

export type { EventSourceMapping } from './types';

/** The settings of a stream mapping, with Lambda's defaults. */
interface StreamSettings {
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

function kindOf(arn: string): EventSourceMapping['kind'] {
  if (/^arn:aws:dynamodb:[^:]*:\d*:table\/[^/]+\/stream\//.test(arn)) return 'dynamodb';
  if (arn.startsWith('arn:aws:sqs:')) return 'sqs';
  if (arn.startsWith('arn:aws:kinesis:')) return 'kinesis';
  return 'other';
}

function settingsOf(properties: Record<string, unknown>): StreamSettings {
  const number = (value: unknown, fallback: number) => (value === undefined ? fallback : Number(value));
  return {
    batchSize: number(properties.BatchSize, 100),
    batchingWindowMs: number(properties.MaximumBatchingWindowInSeconds, 0) * 1000,
    startingPosition: properties.StartingPosition === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST',
    maximumRetryAttempts: number(properties.MaximumRetryAttempts, -1),
    maximumRecordAgeSeconds: number(properties.MaximumRecordAgeInSeconds, -1),
    bisectOnError: properties.BisectBatchOnFunctionError === true,
    reportBatchItemFailures: Array.isArray(properties.FunctionResponseTypes) && properties.FunctionResponseTypes.includes('ReportBatchItemFailures'),
    onFailure: (properties.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination,
    filter: compileFilters(properties.FilterCriteria),
  };
}

/**
 * Lambda's event-source mappings. DynamoDB streams run: the mapping subscribes to the local
 * DynamoDB's stream and invokes the function with batches (`{ Records: [...] }`) in commit
 * order, with BatchSize, MaximumBatchingWindowInSeconds, StartingPosition, FilterCriteria,
 * retries (MaximumRetryAttempts, MaximumRecordAgeInSeconds), BisectBatchOnFunctionError and
 * ReportBatchItemFailures; its position is kept in the state store (`lambda/stream-positions`)
 * across restarts.
 * SQS and other sources do not run (there is no local queue): they are listed, loudly.
 */
export class EventSourceMappings {
  private readonly mappings: EventSourceMapping[] = [];
  private readonly running: StreamMapping[] = [];
  private readonly notRun: string[] = [];
  private positions?: Collection<string>;

  constructor(
    private readonly lambda: FunctionHost,
    private readonly context: ServiceContext,
    private readonly retryBaseMs: number,
  ) {}

  async start(): Promise<void> {
    for (const resource of this.context.assembly.ofType('AWS::Lambda::EventSourceMapping')) {
      const properties = resource.properties();
      const eventSourceArn = String(properties.EventSourceArn ?? '');
      this.mappings.push({
        logicalId: resource.logicalId,
        functionName: String(properties.FunctionName ?? ''),
        eventSourceArn,
        kind: kindOf(eventSourceArn),
        enabled: properties.Enabled !== false,
        properties,
      });
    }
    if (this.mappings.length === 0) return;
    this.positions = await this.openPositions();
    for (const mapping of this.mappings) this.startMapping(mapping);
  }

  async stop(): Promise<void> {
    await Promise.all(this.running.map((mapping) => mapping.stop()));
  }

  /** Every mapping of the assembly, running or not. */
  list(): readonly EventSourceMapping[] {
    return this.mappings;
  }

  /** One line for the start-up table, or undefined when the assembly has no mappings. */
  summary(): string | undefined {
    if (this.mappings.length === 0) return undefined;
    const parts = [];
    if (this.running.length > 0) parts.push(`${this.running.length} DynamoDB stream mapping${this.running.length === 1 ? '' : 's'}`);
    if (this.notRun.length > 0) parts.push(`event-source mappings NOT run: ${this.notRun.join('; ')}`);
    return parts.join('; ');
  }

  private startMapping(mapping: EventSourceMapping): void {
    const log = this.context.log;
    let config: FunctionConfig | undefined;
    try {
      config = this.lambda.findFunction(mapping.functionName);
    } catch {
      config = undefined;
    }
    const target = config?.displayName ?? `${mapping.functionName} (not in the assembly)`;
    const refuse = (reason: string) => {
      this.notRun.push(`${mapping.logicalId} → ${target} (${reason})`);
      log.warn(`event-source mapping ${mapping.logicalId} (${mapping.eventSourceArn} → ${target}) is NOT run: ${reason}`);
    };
    if (mapping.kind === 'sqs') return refuse('there is no local SQS service');
    if (mapping.kind !== 'dynamodb') return refuse(`event sources like ${mapping.eventSourceArn} are not run locally`);
    if (!config || config.notRunnable) return refuse(config ? `the function is not runnable: ${config.notRunnable}` : 'its function is not in the assembly');
    if (!mapping.enabled) return refuse('it is disabled (Enabled: false)');
    const dynamodb = this.context.services.find<DynamoDBService & DynamoDBStreamSource>('dynamodb');
    if (!dynamodb) return refuse('no local DynamoDB service runs in this local cloud');
    for (const unsupported of ['ParallelizationFactor', 'TumblingWindowInSeconds']) {
      if (mapping.properties[unsupported] !== undefined) log.warn(`event-source mapping ${mapping.logicalId}: ${unsupported} is ignored locally (one batch at a time per stream)`);
    }
    let settings: StreamSettings;
    try {
      settings = settingsOf(mapping.properties);
    } catch (error) {
      if (error instanceof UnsupportedFilterError || error instanceof SyntaxError) return refuse(`FilterCriteria: ${error.message}`);
      throw error;
    }
    const denied = this.streamAccessDenied(config, mapping.eventSourceArn);
    if (denied) {
      return refuse(
        `Cannot access stream ${mapping.eventSourceArn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM (${denied})`,
      );
    }
    if (settings.onFailure) log.warn(`event-source mapping ${mapping.logicalId}: its OnFailure destination (${settings.onFailure}) does not run locally; discarded batches are logged instead`);
    const stream = new StreamMapping(mapping, config, settings, this.lambda.loggerOf(config), this.lambda, this.retryBaseMs, (sequence) => this.checkpoint(mapping.logicalId, sequence));
    const checkpoint = this.positions!.get(mapping.logicalId);
    stream.start(dynamodb, checkpoint ? { afterSequenceNumber: checkpoint } : settings.startingPosition);
    this.running.push(stream);
  }

  /** Lambda reads a stream with the function's role: it needs the stream actions, as on AWS. */
  private streamAccessDenied(config: FunctionConfig, streamArn: string): string | undefined {
    const iam = this.context.services.find<IamService>('iam');
    if (!iam || !config.roleArn) return undefined;
    const principal = iam.principalOf(iam.issueRoleCredentials(config.roleArn, { sessionName: config.name }));
    const needed: [string, string][] = [
      ['dynamodb:DescribeStream', streamArn],
      ['dynamodb:GetRecords', streamArn],
      ['dynamodb:GetShardIterator', streamArn],
      ['dynamodb:ListStreams', '*'],
    ];
    const missing = needed.filter(([action, resource]) => !iam.authorize(principal, { action, resource }).allowed).map(([action]) => action);
    return missing.length > 0 ? `${principal.arn} lacks ${missing.join(', ')}` : undefined;
  }

  /** Each mapping's position (the last sequence number it consumed), by logical id. */
  private async openPositions(): Promise<Collection<string>> {
    const positions = await this.context.state.collection<string>('stream-positions', { version: 1 });
    // Before the state store, positions lay in <state>/lambda/event-source-mappings.json.
    const legacy = await this.context.state.legacyJson<Record<string, string>>('event-source-mappings.json');
    if (legacy) {
      for (const [logicalId, sequence] of Object.entries(legacy.value)) await positions.put(logicalId, sequence);
      await legacy.remove();
    }
    return positions;
  }

  /** Where each mapping has got to, kept so a restart resumes rather than replays or skips. */
  private checkpoint(logicalId: string, sequence: string): Promise<void> {
    return this.positions!.put(logicalId, sequence);
  }
}

/** One running DynamoDB stream mapping: buffer, batch, invoke, retry, checkpoint. */
class StreamMapping {
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
