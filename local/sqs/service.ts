import type { Message } from '@aws-sdk/client-sqs';
import { LOCAL_ACCOUNT } from '../assembly';
import { evaluateResourcePolicy, type PolicyDocument } from '../iam/policy/resource-policy';
import { authorizer, serveJsonService, type OperationCall } from '../kit';
import type { LocalService, ServiceContext } from '../service';
import type { SqsCall } from './context';
import { deployAssemblyQueues, type QueueDeployment } from './deployment';
import { SqsError, SqsErrors } from './errors';
import { LongPolls } from './long-poll';
import { toWireMessage } from './messages';
import { MessageMoveTasks } from './move-tasks';
import { SQS_OPERATIONS } from './operations';
import type { Queue } from './queue';
import { policyOf } from './queue-attributes';
import { QueueStore } from './queue-store';
import { sqsQueryRoute } from './query-protocol';
import { prepareSend, sendPrepared } from './sending';
import type { QueueFacts, QueueMessageInput, QueueReceiveOptions, QueueSender, SqsService } from './types';

/** Request bodies past this are refused before they are read (a batch of ten 1 MiB messages, base64 attributes and all, fits). */
const BODY_LIMIT = 12 * 1024 * 1024;
/** How often messages past their retention period and stale deduplication ids are swept from the state. */
const SWEEP_MS = 60_000;
const ALL = new Set(['All']);

export interface SqsServiceOptions {
  /** The clock (epoch ms). */
  now?: () => number;
}

/**
 * The local SQS: the assembly's queues (`AWS::SQS::Queue`, `AWS::SQS::QueuePolicy`) and those
 * callers create, on the edge in both protocols SQS speaks (AWS JSON 1.0, `AmazonSQS.*`, and the
 * query protocol with XML answers), every call authorized as `sqs:<Operation>` on the queue
 * against the caller's policies and the queue policy. Messages are kept in the state store, each
 * change durable before it is answered. Other local services send and receive in-process through
 * the SqsService contract (types.ts).
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createSqsService(), createLambdaService()] });
 */
export class SqsLocalService implements SqsService {
  readonly name = 'sqs' as const;
  readonly resourceTypes = ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy'] as const;
  private store?: QueueStore;
  private context?: ServiceContext;
  private deployment?: QueueDeployment;
  private readonly polls = new LongPolls();
  private moves?: MessageMoveTasks;
  private sweeper?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(options: SqsServiceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    const store = await QueueStore.open(context.state);
    this.store = store;
    this.moves = new MessageMoveTasks(store, context.log, this.now);
    this.deployment = await deployAssemblyQueues(context.assembly, store, this.now(), context.log);
    const bind = (call: OperationCall): SqsCall => ({
      ...call,
      queues: store,
      polls: this.polls,
      moves: this.moves!,
      queueUrl: (queue) => this.queueUrl(queue),
      senderId: call.principal?.userId ?? LOCAL_ACCOUNT.accountId,
      now: this.now,
    });
    const resourcePolicies = (resource: string) => this.policiesOf(resource);
    serveJsonService<SqsCall>({
      name: 'sqs',
      targetPrefixes: ['AmazonSQS'],
      contentType: 'application/x-amz-json-1.0',
      errorTypePrefix: 'com.amazonaws.sqs',
      bodyLimit: BODY_LIMIT,
      registry: SQS_OPERATIONS,
      context,
      bind,
      resourcePolicies,
      errors: {
        validation: SqsErrors.fromValidation,
        accessDenied: SqsErrors.accessDenied,
        notImplemented: (failure) => SqsErrors.unsupportedOperation(failure.message),
      },
    });
    context.edge.addRoute(sqsQueryRoute({ registry: SQS_OPERATIONS, context, bind, resourcePolicies, bodyLimit: BODY_LIMIT }));
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.polls.stop();
    await this.moves?.stop();
    await this.store?.settled();
  }

  summary(): string {
    if (!this.store || !this.deployment) return 'not started';
    const queues = this.store.all();
    const messages = queues.reduce((sum, queue) => sum + queue.all().length, 0);
    const { declared, fifo, notRun } = this.deployment;
    const parts = [`${declared} queue${declared === 1 ? '' : 's'} from the assembly${fifo ? ` (${fifo} FIFO)` : ''}, ${queues.length - declared} created by callers; ${messages} message${messages === 1 ? '' : 's'}`];
    if (notRun.length > 0) parts.push(`NOT run: ${notRun.join('; ')}`);
    parts.push('not run: KMS encryption (SSE attributes kept, messages stored as sent), AddPermission/RemovePermission');
    return parts.join('; ');
  }

  private queueUrl(queue: Queue): string {
    return `${this.context!.endpoint}/${LOCAL_ACCOUNT.accountId}/${queue.name}`;
  }

  /** The queue policy of the queue with this ARN, for IAM decisions on it. */
  private policiesOf(resource: string): PolicyDocument[] {
    const policy = this.store?.byArn(resource) && policyOf(this.store.byArn(resource)!.record.attributes);
    return policy ? [policy] : [];
  }

  private async sweep(): Promise<void> {
    const now = this.now();
    for (const queue of this.store?.all() ?? []) {
      try {
        await queue.sweepDeduplication(now);
        await queue.expire(now);
      } catch (error) {
        this.context?.log.error(`sweeping queue ${queue.name} failed: ${(error as Error).message}`);
      }
    }
  }

  private queue(arn: string): Queue {
    const queue = this.store?.byArn(arn);
    if (!queue) throw SqsErrors.queueDoesNotExist();
    return queue;
  }

  async sendMessage(queueArn: string, message: QueueMessageInput, sender: QueueSender): Promise<{ messageId: string; sequenceNumber?: string }> {
    const queue = this.queue(queueArn);
    if (sender.principal) {
      authorizer({ services: this.context!.services, principal: sender.principal, action: 'sqs:SendMessage', accessDenied: SqsErrors.accessDenied, resourcePolicies: (resource) => this.policiesOf(resource) })(queue.arn);
    } else if (sender.service) {
      const context = { ...(sender.sourceArn && { 'aws:SourceArn': sender.sourceArn }), 'aws:SourceAccount': LOCAL_ACCOUNT.accountId, 'aws:SecureTransport': 'true' };
      const decision = evaluateResourcePolicy(this.policiesOf(queue.arn), { service: sender.service, action: 'sqs:SendMessage', resource: queue.arn, context });
      if (decision.effect !== 'allowed') {
        throw SqsErrors.accessDenied(`The queue policy of ${queue.arn} does not allow ${sender.service}${sender.sourceArn ? ` (for ${sender.sourceArn})` : ''} to perform sqs:SendMessage`);
      }
    }
    const { message: prepared } = prepareSend(
      queue,
      {
        MessageBody: message.body,
        MessageAttributes: message.attributes as never,
        ...(message.traceHeader && { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: message.traceHeader } } }),
        DelaySeconds: message.delaySeconds,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      },
      sender.principal?.userId ?? sender.service ?? LOCAL_ACCOUNT.accountId,
    );
    const result = await sendPrepared(queue, prepared, this.now());
    return { messageId: result.MessageId!, ...(result.SequenceNumber && { sequenceNumber: result.SequenceNumber }) };
  }

  queueFacts(queueArn: string): QueueFacts | undefined {
    const queue = this.store?.byArn(queueArn);
    return queue && { arn: queue.arn, fifo: queue.fifo, visibilityTimeout: Number(queue.record.attributes.VisibilityTimeout) };
  }

  async receiveMessages(queueArn: string, options: QueueReceiveOptions): Promise<Message[]> {
    const queue = this.store?.byArn(queueArn);
    if (!queue) return [];
    const received = await this.polls.receive(queue, () => this.store!.receive(queue, options.maxMessages, options.visibilityTimeout, this.now()), options.waitMs ?? 0, options.signal);
    return received.map(({ message, receiptHandle }) => toWireMessage(message, receiptHandle, ALL, ['All']));
  }

  async deleteMessages(queueArn: string, receiptHandles: readonly string[]): Promise<void> {
    const queue = this.store?.byArn(queueArn);
    if (queue) await Promise.all(receiptHandles.map((handle) => queue.delete(handle)));
  }

  async changeVisibility(queueArn: string, receiptHandles: readonly string[], seconds: number): Promise<void> {
    const queue = this.store?.byArn(queueArn);
    if (!queue) return;
    for (const handle of receiptHandles) {
      try {
        await queue.changeVisibility(handle, seconds, this.now());
      } catch (error) {
        // A message no longer in flight (deleted, or visible again) has nothing to change.
        if (!(error instanceof SqsError)) throw error;
      }
    }
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createSqsService()] });
 */
export function createSqsService(options: SqsServiceOptions = {}): SqsLocalService {
  return new SqsLocalService(options);
}
