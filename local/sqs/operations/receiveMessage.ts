import type { MessageSystemAttributeName, QueueAttributeName, ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { toWireMessage } from '../messages';
import { QUEUE_URL } from './members';

const SYSTEM_NAMES: readonly MessageSystemAttributeName[] = [
  'All', 'ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'AWSTraceHeader', 'DeadLetterQueueSourceArn',
  'MessageDeduplicationId', 'MessageGroupId', 'SenderId', 'SentTimestamp', 'SequenceNumber',
];

/**
 * `AmazonSQS.ReceiveMessage`: up to MaxNumberOfMessages (1–10) receivable messages, each in
 * flight for VisibilityTimeout (the queue's by default) with a new receipt handle and its
 * receive count raised; with WaitTimeSeconds (or the queue's ReceiveMessageWaitTimeSeconds)
 * it waits for a first message without holding anything up. Messages received more often than
 * the redrive policy's maxReceiveCount go to the dead-letter queue instead.
 */
export const receiveMessage = defineOperation<ReceiveMessageRequest, ReceiveMessageResult, SqsCall>({
  name: 'ReceiveMessage',
  input: {
    type: 'structure',
    members: {
      QueueUrl: QUEUE_URL,
      // Deprecated in favour of MessageSystemAttributeNames, and still sent by older clients: both count.
      AttributeNames: { type: 'list', member: { type: 'string' } as { type: 'string'; enum?: readonly QueueAttributeName[] } },
      MessageSystemAttributeNames: { type: 'list', member: { type: 'string', enum: SYSTEM_NAMES } },
      MessageAttributeNames: { type: 'list', member: { type: 'string' } },
      MaxNumberOfMessages: { type: 'integer' },
      VisibilityTimeout: { type: 'integer' },
      WaitTimeSeconds: { type: 'integer' },
      ReceiveRequestAttemptId: { type: 'string' },
    },
  },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const max = input.MaxNumberOfMessages ?? 1;
    if (max < 1 || max > 10) throw SqsErrors.invalidParameter('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.');
    const visibility = input.VisibilityTimeout;
    if (visibility !== undefined && (visibility < 0 || visibility > 43_200)) throw SqsErrors.invalidParameter('VisibilityTimeout', visibility, 'Must be >= 0 and <= 43200, if provided.');
    const wait = input.WaitTimeSeconds ?? Number(queue.record.attributes.ReceiveMessageWaitTimeSeconds ?? 0);
    if (wait < 0 || wait > 20) throw SqsErrors.invalidParameter('WaitTimeSeconds', wait, 'Must be >= 0 and <= 20, if provided.');
    const systemNames = new Set<string>([...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])]);
    const received = await call.polls.receive(queue, () => call.queues.receive(queue, max, visibility, call.now()), wait * 1000);
    if (received.length === 0) return {};
    return { Messages: received.map(({ message, receiptHandle }) => toWireMessage(message, receiptHandle, systemNames, input.MessageAttributeNames ?? [])) };
  },
});
