import type { BatchResultErrorEntry, SendMessageBatchRequest, SendMessageBatchResult, SendMessageBatchResultEntry } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { batchFailure, checkBatch, prepareSend, sendPrepared } from '../sending';
import { QUEUE_URL } from './members';
import { SEND_MEMBERS } from './sendMessage';

/**
 * `AmazonSQS.SendMessageBatch`: up to 10 entries, each checked and sent on its own (a bad entry
 * is a failed entry, not a failed request); the batch's total size has SendMessage's limit.
 */
export const sendMessageBatch = defineOperation<SendMessageBatchRequest, SendMessageBatchResult, SqsCall>({
  name: 'SendMessageBatch',
  // IAM has no action of its own for a batch: SendMessage's permission covers it (SQS Developer Guide, "Amazon SQS batch actions").
  action: 'sqs:SendMessage',
  input: {
    type: 'structure',
    members: {
      QueueUrl: QUEUE_URL,
      Entries: { type: 'list', required: true, member: { type: 'structure', members: { Id: { type: 'string', required: true }, ...SEND_MEMBERS } } },
    },
  },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    checkBatch(input.Entries, 'SendMessageBatchRequestEntry');
    const limit = Number(queue.record.attributes.MaximumMessageSize);
    const total = input.Entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody, 'utf8'), 0);
    if (total > limit) throw SqsErrors.batchRequestTooLong(limit, total);
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    const now = call.now();
    // In entry order: a FIFO batch keeps its order within each group.
    for (const entry of input.Entries) {
      try {
        const { message } = prepareSend(queue, entry, call.senderId, call.traceHeader);
        const result = await sendPrepared(queue, message, now);
        Successful.push({ Id: entry.Id, ...result } as SendMessageBatchResultEntry);
      } catch (error) {
        Failed.push(batchFailure(entry.Id, error));
      }
    }
    return { Successful, Failed };
  },
});
