import type { UntagQueueRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { QUEUE_URL } from './members';

/** `AmazonSQS.UntagQueue`. */
export const untagQueue = defineOperation<UntagQueueRequest, Record<string, never>, SqsCall>({
  name: 'UntagQueue',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, TagKeys: { type: 'list', member: { type: 'string' }, required: true } } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const tags = Object.fromEntries(Object.entries(queue.record.tags).filter(([key]) => !input.TagKeys.includes(key)));
    await call.queues.update(queue, (record) => ({ ...record, tags }));
    return {};
  },
});
