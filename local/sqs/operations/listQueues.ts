import type { ListQueuesRequest, ListQueuesResult } from '@aws-sdk/client-sqs';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { page } from './paging';

/** `AmazonSQS.ListQueues`: by name prefix, paged with MaxResults/NextToken (1,000 at most without). */
export const listQueues = defineOperation<ListQueuesRequest, ListQueuesResult, SqsCall>({
  name: 'ListQueues',
  input: { type: 'structure', members: { QueueNamePrefix: { type: 'string' }, NextToken: { type: 'string' }, MaxResults: { type: 'integer' } } },
  handle(input, call) {
    call.authorize(`arn:aws:sqs:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    const names = call.queues.all().filter((queue) => queue.name.startsWith(input.QueueNamePrefix ?? ''));
    const { items, nextToken } = page(names, input.MaxResults, input.NextToken);
    return { ...(items.length > 0 && { QueueUrls: items.map((queue) => call.queueUrl(queue)) }), ...(nextToken && { NextToken: nextToken }) };
  },
});
