import type { Collection, ServiceState } from '../state';
import type { OutboxMessage, SubscriptionRecord, TopicRecord } from './types';
import type { Notification } from './notification';

/** A published message whose deliveries are not all settled: delivered again after a crash. */
export interface PendingMessage {
  notification: Notification;
  /** Subscription ARNs still to deliver to. */
  subscriptions: string[];
  traceHeader?: string;
}

/** SNS's state over collections of the state store: topics, subscriptions, the outbox, deliveries in flight. */
export class SnsStore {
  private constructor(
    readonly topics: Collection<TopicRecord>,
    readonly subscriptions: Collection<SubscriptionRecord>,
    readonly outbox: Collection<OutboxMessage>,
    readonly pending: Collection<PendingMessage>,
  ) {}

  static async open(state: ServiceState): Promise<SnsStore> {
    const [topics, subscriptions, outbox, pending] = await Promise.all([
      state.collection<TopicRecord>('topics', { version: 1 }),
      state.collection<SubscriptionRecord>('subscriptions', { version: 1 }),
      state.collection<OutboxMessage>('outbox', { version: 1 }),
      state.collection<PendingMessage>('pending-deliveries', { version: 1 }),
    ]);
    return new SnsStore(topics, subscriptions, outbox, pending);
  }

  topic(arn: string): TopicRecord | undefined {
    return this.topics.get(arn);
  }

  subscriptionsOf(topicArn: string): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((subscription) => subscription.topicArn === topicArn).sort((a, b) => a.arn.localeCompare(b.arn));
  }
}
