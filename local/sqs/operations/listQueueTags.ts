import type { ListQueueTagsRequest, ListQueueTagsResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { QUEUE_URL } from './members';

/** `AmazonSQS.ListQueueTags`. */
export const listQueueTags = defineOperation<ListQueueTagsRequest, ListQueueTagsResult, SqsCall>({
  name: 'ListQueueTags',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL } },
  handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    return Object.keys(queue.record.tags).length > 0 ? { Tags: queue.record.tags } : {};
  },
});
