import type { ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { QUEUE_URL } from './members';
import { page } from './paging';

/** `AmazonSQS.ListDeadLetterSourceQueues`: the queues whose redrive policy names this one. */
export const listDeadLetterSourceQueues = defineOperation<ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult, SqsCall>({
  name: 'ListDeadLetterSourceQueues',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, NextToken: { type: 'string' }, MaxResults: { type: 'integer' } } },
  handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const { items, nextToken } = page(call.queues.sourcesOf(queue.arn), input.MaxResults, input.NextToken);
    return { queueUrls: items.map((source) => call.queueUrl(source)), ...(nextToken && { NextToken: nextToken }) };
  },
});
