/**
 * Delivery of published messages to subscriptions: a lane per subscription (in order when
 * nothing fails), each protocol's way (Lambda asynchronous invocation, SQS SendMessage, HTTP
 * POST to this machine, email and SMS into the outbox), retries with backoff, then the
 * subscription's dead-letter queue (RedrivePolicy) or a report.
 */
import { randomUUID } from 'node:crypto';
import { DeliveryFailure, DeliveryLanes, deliveryService, sendHttp, type DeliveryJob, type QueueService } from '../delivery';
import { LambdaError } from '../lambda/errors';
import type { LambdaService } from '../lambda/types';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import { emailText, lambdaEvent, messageFor, notificationDocument, type Links, type Notification } from './notification';
import type { SnsStore } from './store';
import type { OutboxMessage, SubscriptionRecord } from './types';

export interface SnsDeliveryPayload {
  pendingKey: string;
  subscriptionArn: string;
  notification: Notification;
  traceHeader?: string;
}

export interface SnsDeliveriesOptions {
  store: SnsStore;
  services: ServiceRegistry;
  links: Links;
  log: Logger;
  /** The first retry's delay; doubling up to 20 s. */
  retryBaseMs: number;
}

/** Retries after the first attempt: SNS's HTTP default is 3; AWS-managed endpoints are retried far longer, bounded here alike. */
const MAX_RETRIES = 3;

export class SnsDeliveries {
  readonly lanes: DeliveryLanes<SnsDeliveryPayload>;
  private readonly unsettled = new Map<string, Set<string>>();

  constructor(private readonly options: SnsDeliveriesOptions) {
    this.lanes = new DeliveryLanes<SnsDeliveryPayload>({
      deliver: (job) => this.deliver(job),
      retryDelayMs: (job) => (job.attempt > MAX_RETRIES ? undefined : Math.min(20_000, options.retryBaseMs * 2 ** (job.attempt - 1))),
      giveUp: (job, failure) => this.deadLetter(job, failure),
      settled: (job) => this.settle(job.payload),
      log: options.log,
    });
  }

  /** Starts the deliveries of a message already written to the store's pending collection. */
  start(pendingKey: string, notification: Notification, subscriptions: readonly string[], traceHeader?: string): void {
    this.unsettled.set(pendingKey, new Set(subscriptions));
    for (const subscriptionArn of subscriptions) this.lanes.enqueue(subscriptionArn, { pendingKey, subscriptionArn, notification, traceHeader });
  }

  private async settle(payload: SnsDeliveryPayload): Promise<void> {
    const remaining = this.unsettled.get(payload.pendingKey);
    if (!remaining) return;
    remaining.delete(payload.subscriptionArn);
    if (remaining.size > 0) return;
    this.unsettled.delete(payload.pendingKey);
    await this.options.store.pending.delete(payload.pendingKey);
  }

  private async deliver(job: DeliveryJob<SnsDeliveryPayload>): Promise<void> {
    const subscription = this.options.store.subscriptions.get(job.payload.subscriptionArn);
    if (!subscription || !subscription.confirmed) return; // unsubscribed since
    const { notification } = job.payload;
    const { links } = this.options;
    const raw = subscription.attributes.RawMessageDelivery === 'true';
    switch (subscription.protocol) {
      case 'lambda': {
        const lambda = this.options.services.find<LambdaService>('lambda');
        if (!lambda) throw new DeliveryFailure('ServiceNotRunning', `no local Lambda service runs in this local cloud, so nothing can be delivered to ${subscription.endpoint}`, false);
        try {
          await lambda.invoke(subscription.endpoint, lambdaEvent(notification, subscription, links), { invocationType: 'Event', source: `sns ${notification.topicArn.split(':').pop()}`, traceId: job.payload.traceHeader });
        } catch (error) {
          if (error instanceof LambdaError) throw new DeliveryFailure(error.type, error.message, error.type === 'TooManyRequestsException' || error.statusCode >= 500);
          throw error;
        }
        return;
      }
      case 'sqs': {
        const sqs = deliveryService<QueueService>(this.options.services, 'sqs', 'sendMessage', subscription.endpoint);
        const body = raw ? messageFor(notification, 'sqs') : JSON.stringify(notificationDocument(notification, subscription, links));
        await sqs.sendMessage(
          subscription.endpoint,
          { body, ...(raw && { attributes: notification.attributes }), groupId: notification.groupId, deduplicationId: notification.deduplicationId ?? (notification.groupId ? notification.messageId : undefined), traceHeader: job.payload.traceHeader },
          { service: 'sns.amazonaws.com', sourceArn: notification.topicArn },
        );
        return;
      }
      case 'http':
      case 'https': {
        const body = raw ? messageFor(notification, subscription.protocol) : JSON.stringify(notificationDocument(notification, subscription, links));
        const answer = await sendHttp({
          url: subscription.endpoint,
          headers: {
            'content-type': 'text/plain; charset=UTF-8',
            'x-amz-sns-message-type': 'Notification',
            'x-amz-sns-message-id': notification.messageId,
            'x-amz-sns-topic-arn': notification.topicArn,
            'x-amz-sns-subscription-arn': subscription.arn,
            ...(raw && { 'x-amz-sns-rawdelivery': 'true' }),
          },
          body,
          timeoutMs: 15_000,
        });
        if (answer.status < 200 || answer.status >= 300) throw new DeliveryFailure(`HTTP ${answer.status}`, `${subscription.endpoint} answered ${answer.status}`, true);
        return;
      }
      case 'email':
      case 'email-json':
      case 'sms':
        await this.send(subscription, notification);
        return;
    }
  }

  /** Email and SMS go to the outbox. */
  private async send(subscription: SubscriptionRecord, notification: Notification): Promise<void> {
    const { links } = this.options;
    const body =
      subscription.protocol === 'email'
        ? emailText(notification, subscription, links)
        : subscription.protocol === 'email-json'
          ? JSON.stringify(notificationDocument(notification, subscription, links))
          : messageFor(notification, 'sms');
    await this.record({
      protocol: subscription.protocol as OutboxMessage['protocol'],
      to: subscription.endpoint,
      kind: 'Notification',
      ...(subscription.protocol !== 'sms' && { subject: notification.subject ?? 'AWS Notification Message' }),
      body,
      topicArn: notification.topicArn,
      subscriptionArn: subscription.arn,
    });
  }

  /** Puts a message in the outbox (durable when this resolves). */
  async record(message: Omit<OutboxMessage, 'id' | 'at'>): Promise<OutboxMessage> {
    const at = Date.now();
    const id = randomUUID();
    const stored = { id, at, ...message };
    await this.options.store.outbox.put(`${String(at).padStart(15, '0')}-${id}`, stored);
    this.options.log.info(`outbox: ${message.kind} to ${message.to} (${message.protocol})`);
    return stored;
  }

  /** A delivery that failed for good goes to the subscription's dead-letter queue, or is reported. */
  private async deadLetter(job: DeliveryJob<SnsDeliveryPayload>, failure: DeliveryFailure): Promise<void> {
    const subscription = this.options.store.subscriptions.get(job.payload.subscriptionArn);
    let dlq: string | undefined;
    try {
      dlq = subscription?.attributes.RedrivePolicy ? (JSON.parse(subscription.attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
    } catch {
      dlq = undefined;
    }
    const where = `subscription ${job.payload.subscriptionArn}`;
    if (!subscription || !dlq) {
      this.options.log.error(`${where}: message ${job.payload.notification.messageId} not delivered after ${job.attempt} attempt(s) (${failure.code}: ${failure.message}); it has no dead-letter queue, so it is dropped`);
      return;
    }
    const sqs = deliveryService<QueueService>(this.options.services, 'sqs', 'sendMessage', dlq);
    await sqs.sendMessage(dlq, { body: JSON.stringify(notificationDocument(job.payload.notification, subscription, this.options.links)) }, { service: 'sns.amazonaws.com', sourceArn: subscription.topicArn });
    this.options.log.warn(`${where}: message ${job.payload.notification.messageId} not delivered after ${job.attempt} attempt(s) (${failure.code}); sent to its dead-letter queue ${dlq}`);
  }
}
