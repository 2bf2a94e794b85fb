import type { ChangeMessageVisibilityRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { QUEUE_URL, RECEIPT_HANDLE } from './members';

/** SQS's bound on a visibility timeout: 12 hours. */
export function checkVisibilityTimeout(seconds: number): void {
  if (seconds < 0 || seconds > 43_200) throw SqsErrors.invalidParameter('VisibilityTimeout', seconds, 'Must be >= 0 and <= 43200, if provided.');
}

/** `AmazonSQS.ChangeMessageVisibility`: a message in flight becomes visible that many seconds from now (0: at once). */
export const changeMessageVisibility = defineOperation<ChangeMessageVisibilityRequest, Record<string, never>, SqsCall>({
  name: 'ChangeMessageVisibility',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, ReceiptHandle: RECEIPT_HANDLE, VisibilityTimeout: { type: 'integer', required: true } } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    checkVisibilityTimeout(input.VisibilityTimeout);
    await queue.changeVisibility(input.ReceiptHandle, input.VisibilityTimeout, call.now());
    return {};
  },
});
