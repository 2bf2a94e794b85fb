/** Members several SNS operations share, as SNS's API model (`sns/2010-03-31`) states them. */
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { MapShape, StringShape, StructureShape } from '../../kit';
import type { SnsCall } from '../context';
import { SnsErrors } from '../errors';
import type { SubscriptionRecord, TopicRecord } from '../types';

export const TOPIC_ARN: StringShape = { type: 'string' };
export const NEXT_TOKEN: StringShape = { type: 'string' };

export const MESSAGE_ATTRIBUTES: MapShape<StructureShape<MessageAttributeValue>> = {
  type: 'map',
  queryNames: { key: 'Name', value: 'Value' },
  value: { type: 'structure', members: { DataType: { type: 'string', required: true }, StringValue: { type: 'string' }, BinaryValue: { type: 'blob' } } },
};

export function topicOf(call: SnsCall, arn: string): TopicRecord {
  const topic = call.store.topic(arn);
  if (!topic) throw SnsErrors.topicNotFound();
  return topic;
}

export function subscriptionOf(call: SnsCall, arn: string): SubscriptionRecord {
  const subscription = call.store.subscriptions.get(arn);
  if (!subscription) throw SnsErrors.subscriptionNotFound();
  return subscription;
}

/** One page of 100 after `token` (an offset SNS would keep opaque). */
export function page<T>(items: readonly T[], token: string | undefined): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number.parseInt(token, 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw SnsErrors.invalidParameter('NextToken');
  const end = Math.min(items.length, start + 100);
  return { items: items.slice(start, end), ...(end < items.length && { next: String(end) }) };
}
