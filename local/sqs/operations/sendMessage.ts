import type { SendMessageRequest, SendMessageResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { prepareSend, sendPrepared } from '../sending';
import { enumKeyedMap, MESSAGE_ATTRIBUTE_VALUE, QUEUE_URL } from './members';

/** SendMessage's and each batch entry's members but the queue and the id. */
export const SEND_MEMBERS = {
  MessageBody: { type: 'string', required: true },
  DelaySeconds: { type: 'integer' },
  MessageAttributes: { type: 'map', value: MESSAGE_ATTRIBUTE_VALUE },
  MessageSystemAttributes: enumKeyedMap<{ type: 'structure'; members: { AWSTraceHeader: typeof MESSAGE_ATTRIBUTE_VALUE } }>(MESSAGE_ATTRIBUTE_VALUE),
  MessageDeduplicationId: { type: 'string' },
  MessageGroupId: { type: 'string' },
} as const;

/**
 * `AmazonSQS.SendMessage`: durable before it is answered, with the MD5s of the body and
 * attributes the SDK checks; a FIFO duplicate (same deduplication id within five minutes) is
 * answered as the first send was and not delivered again.
 */
export const sendMessage = defineOperation<SendMessageRequest, SendMessageResult, SqsCall>({
  name: 'SendMessage',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, ...SEND_MEMBERS } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const { message } = prepareSend(queue, input, call.senderId, call.traceHeader);
    return sendPrepared(queue, message, call.now());
  },
});
