import type { DynamoDBService, DynamoDBStreamSource } from '../dynamodb/types';
import type { IamService } from '../iam/types';
import type { SqsService } from '../sqs/types';
import type { ServiceContext } from '../service';
import type { Collection } from '../state';
import { compileFilters, UnsupportedFilterError } from './event-filter';
import type { FunctionConfig } from './function-config';
import { QueueMapping, queueSettingsOf } from './queue-mapping';
import { StreamMapping, type StreamSettings } from './stream-mapping';
import type { EventSourceMapping, FunctionHost } from './types';

export type { EventSourceMapping } from './types';

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
 * Lambda's event-source mappings.
 * - DynamoDB streams: the mapping subscribes to the local DynamoDB's stream and invokes the
 *   function with batches (`{ Records: [...] }`) in commit order, with BatchSize,
 *   MaximumBatchingWindowInSeconds, StartingPosition, FilterCriteria, retries
 *   (MaximumRetryAttempts, MaximumRecordAgeInSeconds), BisectBatchOnFunctionError and
 *   ReportBatchItemFailures; its position is kept in the state store (`lambda/stream-positions`)
 *   across restarts (stream-mapping.ts).
 * - SQS queues: pollers receive from the local SQS in-process (queue-mapping.ts).
 * Other sources (Kinesis, Kafka, MQ…) do not run: they are listed, loudly.
 */
export class EventSourceMappings {
  private readonly mappings: EventSourceMapping[] = [];
  private readonly running: StreamMapping[] = [];
  private readonly queues: QueueMapping[] = [];
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
    await Promise.all([...this.running, ...this.queues].map((mapping) => mapping.stop()));
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
    if (this.queues.length > 0) parts.push(`${this.queues.length} SQS mapping${this.queues.length === 1 ? '' : 's'}`);
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
    if (mapping.kind !== 'dynamodb' && mapping.kind !== 'sqs') return refuse(`event sources like ${mapping.eventSourceArn} are not run locally`);
    if (!config || config.notRunnable) return refuse(config ? `the function is not runnable: ${config.notRunnable}` : 'its function is not in the assembly');
    if (!mapping.enabled) return refuse('it is disabled (Enabled: false)');
    if (mapping.kind === 'sqs') {
      const problem = this.startQueueMapping(mapping, config);
      if (problem) refuse(problem);
      return;
    }
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

  /** Starts an SQS mapping; what Lambda would refuse (its create fails on AWS) is returned instead. */
  private startQueueMapping(mapping: EventSourceMapping, config: FunctionConfig): string | undefined {
    const sqs = this.context.services.find<SqsService>('sqs');
    if (!sqs) return 'no local SQS service runs in this local cloud';
    const queue = sqs.queueFacts(mapping.eventSourceArn);
    if (!queue) return `the queue ${mapping.eventSourceArn} does not exist`;
    const settings = queueSettingsOf(mapping.properties);
    if (typeof settings === 'string') return settings;
    if (queue.visibilityTimeout < config.timeoutSeconds) return `Queue visibility timeout: ${queue.visibilityTimeout} seconds is less than Function timeout: ${config.timeoutSeconds} seconds`;
    const missing = this.missingActions(config, [
      ['sqs:ReceiveMessage', queue.arn],
      ['sqs:DeleteMessage', queue.arn],
      ['sqs:GetQueueAttributes', queue.arn],
    ]);
    if (missing) return `The provided execution role does not have permissions to call ${missing.actions[0].replace('sqs:', '')} on SQS (${missing.principal} lacks ${missing.actions.join(', ')})`;
    const running = new QueueMapping(mapping, config, settings, queue, sqs, this.lambda, this.lambda.loggerOf(config));
    running.start();
    this.queues.push(running);
    return undefined;
  }

  /** The actions of `needed` the function's role may not do, as Lambda checks them when it creates a mapping. */
  private missingActions(config: FunctionConfig, needed: [string, string][]): { principal: string; actions: string[] } | undefined {
    const iam = this.context.services.find<IamService>('iam');
    if (!iam || !config.roleArn) return undefined;
    const principal = iam.principalOf(iam.issueRoleCredentials(config.roleArn, { sessionName: config.name }));
    const actions = needed.filter(([action, resource]) => !iam.authorize(principal, { action, resource }).allowed).map(([action]) => action);
    return actions.length > 0 ? { principal: principal.arn, actions } : undefined;
  }

  /** Lambda reads a stream with the function's role: it needs the stream actions, as on AWS. */
  private streamAccessDenied(config: FunctionConfig, streamArn: string): string | undefined {
    const missing = this.missingActions(config, [
      ['dynamodb:DescribeStream', streamArn],
      ['dynamodb:GetRecords', streamArn],
      ['dynamodb:GetShardIterator', streamArn],
      ['dynamodb:ListStreams', '*'],
    ]);
    return missing && `${missing.principal} lacks ${missing.actions.join(', ')}`;
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

