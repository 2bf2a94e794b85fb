import type { GetQueueAttributesRequest, GetQueueAttributesResult, QueueAttributeName } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import type { Queue } from '../queue';
import { KNOWN_ATTRIBUTES } from '../queue-attributes';
import { QUEUE_URL } from './members';

const QUEUE_ATTRIBUTE_NAMES: readonly QueueAttributeName[] = [
  'All', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible', 'ContentBasedDeduplication',
  'CreatedTimestamp', 'DeduplicationScope', 'DelaySeconds', 'FifoQueue', 'FifoThroughputLimit', 'KmsDataKeyReusePeriodSeconds', 'KmsMasterKeyId',
  'LastModifiedTimestamp', 'MaximumMessageSize', 'MessageRetentionPeriod', 'Policy', 'QueueArn', 'ReceiveMessageWaitTimeSeconds',
  'RedriveAllowPolicy', 'RedrivePolicy', 'SqsManagedSseEnabled', 'VisibilityTimeout',
];

/** Every attribute of a queue as SQS reports it, the computed ones included. */
export function allAttributes(queue: Queue, now: number): Record<string, string> {
  const counts = queue.counts(now);
  return {
    ...queue.record.attributes,
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.record.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.record.lastModifiedAt / 1000)),
  };
}

/** `AmazonSQS.GetQueueAttributes`: the names asked for (`All` for every one); an unknown name is InvalidAttributeName. */
export const getQueueAttributes = defineOperation<GetQueueAttributesRequest, GetQueueAttributesResult, SqsCall>({
  name: 'GetQueueAttributes',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, AttributeNames: { type: 'list', member: { type: 'string', enum: QUEUE_ATTRIBUTE_NAMES } } } },
  handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const names = input.AttributeNames ?? [];
    for (const name of names) if (name !== 'All' && !KNOWN_ATTRIBUTES.has(name)) throw SqsErrors.invalidAttributeName(name);
    if (names.length === 0) return {};
    const all = allAttributes(queue, call.now());
    const wanted = names.includes('All') ? Object.keys(all) : names;
    const Attributes = Object.fromEntries(wanted.filter((name) => all[name] !== undefined).map((name) => [name, all[name]]));
    return Object.keys(Attributes).length > 0 ? { Attributes } : {};
  },
});
