import type { TopicService } from '../delivery';

/** Where a topic or subscription came from: the assembly (deployed at each start) or the API (kept). */
export type Origin = 'assembly' | 'api';

export interface TopicRecord {
  name: string;
  arn: string;
  fifo: boolean;
  /** Topic attributes as GetTopicAttributes shows the settable ones (DisplayName, ContentBasedDeduplication…). */
  attributes: Record<string, string>;
  createdAt: number;
  origin: Origin;
}

export const PROTOCOLS = ['lambda', 'sqs', 'http', 'https', 'email', 'email-json', 'sms'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface SubscriptionRecord {
  arn: string;
  topicArn: string;
  protocol: Protocol;
  endpoint: string;
  /** Email and HTTP subscriptions wait for ConfirmSubscription; the others are confirmed at once. */
  confirmed: boolean;
  /** The confirmation token sent to the endpoint. */
  token?: string;
  /** FilterPolicy, FilterPolicyScope, RawMessageDelivery, RedrivePolicy. */
  attributes: Record<string, string>;
  origin: Origin;
}

/** What SNS would have emailed or texted, kept for people and tests to read. */
export interface OutboxMessage {
  id: string;
  /** Epoch ms. */
  at: number;
  protocol: 'email' | 'email-json' | 'sms';
  to: string;
  kind: 'Notification' | 'SubscriptionConfirmation';
  subject?: string;
  body: string;
  topicArn: string;
  subscriptionArn?: string;
}

/** The local SNS (service name `sns`), as other services publish through it in process. */
export interface SnsService extends TopicService {
  readonly name: 'sns';
  /** The outbox, oldest first; one recipient's when `to` is given. Also at `GET /_flare/sns/outbox`. */
  outbox(to?: string): OutboxMessage[];
}
