import type { PurgeQueueRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { QUEUE_URL } from './members';

/** `AmazonSQS.PurgeQueue`: every message goes (durably before the answer); once a minute per queue. */
export const purgeQueue = defineOperation<PurgeQueueRequest, Record<string, never>, SqsCall>({
  name: 'PurgeQueue',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const now = call.now();
    if (now - queue.lastPurgeAt < 60_000) throw SqsErrors.purgeQueueInProgress(queue.arn);
    queue.lastPurgeAt = now;
    await queue.purge();
    return {};
  },
});
