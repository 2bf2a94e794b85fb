import type { DeleteQueueRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { QUEUE_URL } from './members';

/** `AmazonSQS.DeleteQueue`: the queue and its messages go; its name is free again after 60 seconds. */
export const deleteQueue = defineOperation<DeleteQueueRequest, Record<string, never>, SqsCall>({
  name: 'DeleteQueue',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    await call.queues.delete(queue, call.now());
    call.log.info(`queue ${queue.name} deleted`);
    return {};
  },
});
