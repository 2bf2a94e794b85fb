import type { TagQueueRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { QUEUE_URL, TAG_MAP } from './members';

/** A queue holds at most 50 tags. */
const MAX_TAGS = 50;

/** `AmazonSQS.TagQueue`: adds or replaces tags (50 per queue at most). */
export const tagQueue = defineOperation<TagQueueRequest, Record<string, never>, SqsCall>({
  name: 'TagQueue',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, Tags: { ...TAG_MAP, required: true } } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const tags = { ...queue.record.tags, ...input.Tags };
    if (Object.keys(tags).length > MAX_TAGS) throw SqsErrors.invalidParameterValue(`Too many tags added for queue ${queue.name}.`);
    await call.queues.update(queue, (record) => ({ ...record, tags }));
    return {};
  },
});
