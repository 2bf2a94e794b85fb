import type { BatchResultErrorEntry, DeleteMessageBatchRequest, DeleteMessageBatchResult, DeleteMessageBatchResultEntry } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { batchFailure, checkBatch } from '../sending';
import { QUEUE_URL, RECEIPT_HANDLE } from './members';

/** `AmazonSQS.DeleteMessageBatch`: up to 10 receipt handles, each succeeding or failing on its own. */
export const deleteMessageBatch = defineOperation<DeleteMessageBatchRequest, DeleteMessageBatchResult, SqsCall>({
  name: 'DeleteMessageBatch',
  // IAM has no action of its own for a batch: DeleteMessage's permission covers it (SQS Developer Guide, "Amazon SQS batch actions").
  action: 'sqs:DeleteMessage',
  input: {
    type: 'structure',
    members: { QueueUrl: QUEUE_URL, Entries: { type: 'list', required: true, member: { type: 'structure', members: { Id: { type: 'string', required: true }, ReceiptHandle: RECEIPT_HANDLE } } } },
  },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    checkBatch(input.Entries, 'DeleteMessageBatchRequestEntry');
    const Successful: DeleteMessageBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    await Promise.all(
      input.Entries.map(async (entry) => {
        try {
          await queue.delete(entry.ReceiptHandle);
          Successful.push({ Id: entry.Id });
        } catch (error) {
          Failed.push(batchFailure(entry.Id, error));
        }
      }),
    );
    return { Successful, Failed };
  },
});
