import type { CreateQueueRequest, CreateQueueResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { checkAttributes, defaultAttributes } from '../queue-attributes';
import { queueArnOf } from '../queue-store';
import { enumKeyedMap, TAG_MAP } from './members';

const STANDARD_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** SQS's queue name rules: letters, digits, `-`, `_`, up to 80 characters; a FIFO queue's ends in `.fifo`. */
export function checkQueueName(name: string, fifo: boolean): void {
  if (fifo && !FIFO_NAME.test(name)) {
    throw SqsErrors.invalidParameterValue('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
  }
  if (!fifo && !STANDARD_NAME.test(name)) throw SqsErrors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
}

/**
 * `AmazonSQS.CreateQueue`: a standard or FIFO queue with SQS's defaults and the attributes given.
 * Creating a queue that exists answers its URL when the attributes given match, and
 * QueueNameExists naming the first that differs otherwise.
 */
export const createQueue = defineOperation<CreateQueueRequest, CreateQueueResult, SqsCall>({
  name: 'CreateQueue',
  input: {
    type: 'structure',
    members: {
      QueueName: { type: 'string', required: true },
      Attributes: enumKeyedMap({ type: 'string' }),
      tags: TAG_MAP,
    },
  },
  async handle(input, call) {
    const name = input.QueueName;
    const fifo = input.Attributes?.FifoQueue === 'true';
    checkQueueName(name, fifo);
    call.authorize(queueArnOf(name));
    const attributes = checkAttributes(input.Attributes ?? {}, { fifo, creating: true, queueByArn: (arn) => call.queues.byArn(arn) });
    const existing = call.queues.byName(name);
    if (existing) {
      const different = Object.entries(attributes).find(([key, value]) => (existing.record.attributes[key] ?? '') !== value);
      if (different || existing.fifo !== fifo) throw SqsErrors.queueNameExists(different?.[0] ?? 'FifoQueue');
      return { QueueUrl: call.queueUrl(existing) };
    }
    const now = call.now();
    const queue = await call.queues.create({ name, fifo, attributes: { ...defaultAttributes(fifo), ...attributes }, tags: input.tags ?? {}, createdAt: now, lastModifiedAt: now }, now);
    call.log.info(`queue ${name} created`);
    return { QueueUrl: call.queueUrl(queue) };
  },
});
