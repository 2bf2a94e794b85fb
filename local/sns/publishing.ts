/**
 * Publishing: a message is checked as SNS checks it, matched against each confirmed
 * subscription's filter policy, written to the store with the deliveries it needs (what the
 * publisher's acknowledgement stands on), and handed to the delivery lanes.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { MessageAttribute } from '../delivery';
import { LOOP_LIMIT, loopCount, passedThrough } from '../tracing';
import type { SnsDeliveries } from './deliveries';
import { SnsError, SnsErrors } from './errors';
import type { FilterPolicies } from './filter-policy';
import type { Notification } from './notification';
import type { SnsStore } from './store';
import type { TopicRecord } from './types';

/** SNS's limit on a message (and on a batch's messages together). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export interface PublishRequest {
  message: string;
  subject?: string;
  messageStructure?: string;
  attributes?: Readonly<Record<string, MessageAttribute>>;
  groupId?: string;
  deduplicationId?: string;
  traceHeader?: string;
}

/** What Publish and each PublishBatch entry carry, as the publisher takes it. */
export function publishRequest(
  entry: { Message: string; Subject?: string; MessageStructure?: string; MessageAttributes?: Record<string, MessageAttribute>; MessageGroupId?: string; MessageDeduplicationId?: string },
  traceHeader: string | undefined,
): PublishRequest {
  return {
    message: entry.Message,
    subject: entry.Subject,
    messageStructure: entry.MessageStructure,
    attributes: entry.MessageAttributes,
    groupId: entry.MessageGroupId,
    deduplicationId: entry.MessageDeduplicationId,
    traceHeader,
  };
}

const ATTRIBUTE_TYPE = /^(String|Number|Binary)(\..+)?$/;

/** What SNS refuses in a message, as an SnsError; undefined when it is fine. */
export function refusal(topic: TopicRecord, request: PublishRequest): SnsError | undefined {
  if (request.message === '') return SnsErrors.invalidParameter('Empty message');
  if (Buffer.byteLength(request.message) > MAX_MESSAGE_BYTES) return SnsErrors.invalidParameter('Message too long');
  if (request.subject !== undefined && (request.subject.length > 100 || request.subject === '' || /[\r\n]/.test(request.subject))) return SnsErrors.invalidParameter('Subject');
  if (request.messageStructure !== undefined) {
    if (request.messageStructure !== 'json') return SnsErrors.invalidParameter('Message Structure - Invalid value');
    let structure: unknown;
    try {
      structure = JSON.parse(request.message);
    } catch {
      return SnsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
    }
    if (structure === null || typeof structure !== 'object' || typeof (structure as Record<string, unknown>).default !== 'string') {
      return SnsErrors.invalidParameter('Message Structure - No default entry in JSON message body');
    }
  }
  for (const [name, attribute] of Object.entries(request.attributes ?? {})) {
    if (!ATTRIBUTE_TYPE.test(attribute.DataType)) return SnsErrors.invalidParameter(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    if (attribute.DataType.startsWith('Number') && !Number.isFinite(Number(attribute.StringValue))) return SnsErrors.invalidParameter(`Could not cast message attribute '${name}' value to number.`);
  }
  if (topic.fifo) {
    if (request.groupId === undefined) return SnsErrors.invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    if (request.deduplicationId === undefined && topic.attributes.ContentBasedDeduplication !== 'true') {
      return SnsErrors.invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
  }
  return undefined;
}

export class Publisher {
  private sequence = 0n;

  constructor(
    private readonly store: SnsStore,
    private readonly deliveries: SnsDeliveries,
    private readonly policies: FilterPolicies,
  ) {}

  /** Publishes an already checked message; resolves when it and its deliveries are durable. */
  async publish(topic: TopicRecord, request: PublishRequest, now = Date.now()): Promise<{ messageId: string; sequenceNumber?: string }> {
    // A topic whose subscriber publishes back to it comes round again: stop it, as AWS does.
    if (loopCount(request.traceHeader, topic.arn) >= LOOP_LIMIT) {
      throw SnsErrors.invalidParameter(`this message has come round topic ${topic.arn} ${LOOP_LIMIT} times (a subscriber publishes back to it); stopped, as AWS stops recursive loops`);
    }
    const messageId = randomUUID();
    const notification: Notification = {
      messageId,
      topicArn: topic.arn,
      subject: request.subject,
      message: request.message,
      messageStructure: request.messageStructure,
      attributes: { ...request.attributes },
      timestamp: now,
      ...(topic.fifo && {
        groupId: request.groupId,
        deduplicationId: request.deduplicationId ?? createHash('sha256').update(request.message).digest('hex'),
        sequenceNumber: String(BigInt(now) * 1000n + ++this.sequence).padStart(20, '0'),
      }),
    };
    const targets = this.store
      .subscriptionsOf(topic.arn)
      .filter((subscription) => subscription.confirmed && this.policies.passes(subscription.attributes, request.message, notification.attributes))
      .map((subscription) => subscription.arn);
    if (targets.length > 0) {
      const key = `${String(now).padStart(15, '0')}-${messageId}`;
      const traceHeader = passedThrough(request.traceHeader, topic.arn);
      await this.store.pending.put(key, { notification, subscriptions: targets, traceHeader });
      this.deliveries.start(key, notification, targets, traceHeader);
    }
    return { messageId, ...(notification.sequenceNumber && { sequenceNumber: notification.sequenceNumber }) };
  }

  /** Starts again the deliveries a crash or stop left unsettled. */
  resume(): number {
    let count = 0;
    for (const [key, pending] of this.store.pending.entries()) {
      this.deliveries.start(key, pending.notification, pending.subscriptions, pending.traceHeader);
      count += pending.subscriptions.length;
    }
    return count;
  }
}
