import type { DeleteMessageRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { QUEUE_URL, RECEIPT_HANDLE } from './members';

/** `AmazonSQS.DeleteMessage`: by receipt handle; one that is not this queue's is ReceiptHandleIsInvalid. */
export const deleteMessage = defineOperation<DeleteMessageRequest, Record<string, never>, SqsCall>({
  name: 'DeleteMessage',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, ReceiptHandle: RECEIPT_HANDLE } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    await queue.delete(input.ReceiptHandle);
    return {};
  },
});
