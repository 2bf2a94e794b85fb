import type { BatchResultErrorEntry, ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult, ChangeMessageVisibilityBatchResultEntry } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { batchFailure, checkBatch } from '../sending';
import { checkVisibilityTimeout } from './changeMessageVisibility';
import { QUEUE_URL, RECEIPT_HANDLE } from './members';

/** `AmazonSQS.ChangeMessageVisibilityBatch`: up to 10 entries, each succeeding or failing on its own. */
export const changeMessageVisibilityBatch = defineOperation<ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult, SqsCall>({
  name: 'ChangeMessageVisibilityBatch',
  // IAM has no action of its own for a batch: ChangeMessageVisibility's permission covers it (SQS Developer Guide, "Amazon SQS batch actions").
  action: 'sqs:ChangeMessageVisibility',
  input: {
    type: 'structure',
    members: {
      QueueUrl: QUEUE_URL,
      Entries: { type: 'list', required: true, member: { type: 'structure', members: { Id: { type: 'string', required: true }, ReceiptHandle: RECEIPT_HANDLE, VisibilityTimeout: { type: 'integer' } } } },
    },
  },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    checkBatch(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
    const Successful: ChangeMessageVisibilityBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    const now = call.now();
    for (const entry of input.Entries) {
      try {
        checkVisibilityTimeout(entry.VisibilityTimeout ?? 0);
        await queue.changeVisibility(entry.ReceiptHandle, entry.VisibilityTimeout ?? 0, now);
        Successful.push({ Id: entry.Id });
      } catch (error) {
        Failed.push(batchFailure(entry.Id, error));
      }
    }
    return { Successful, Failed };
  },
});
