import type { SetQueueAttributesRequest } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { checkAttributes, mergeAttributes } from '../queue-attributes';
import { enumKeyedMap, QUEUE_URL } from './members';

/** `AmazonSQS.SetQueueAttributes`: checked as CreateQueue checks them; `FifoQueue` cannot change. */
export const setQueueAttributes = defineOperation<SetQueueAttributesRequest, Record<string, never>, SqsCall>({
  name: 'SetQueueAttributes',
  input: { type: 'structure', members: { QueueUrl: QUEUE_URL, Attributes: enumKeyedMap({ type: 'string' }, true) } },
  async handle(input, call) {
    const queue = call.queues.byUrl(input.QueueUrl);
    call.authorize(queue.arn);
    const changes = checkAttributes(input.Attributes, { fifo: queue.fifo, creating: false, queueByArn: (arn) => call.queues.byArn(arn) });
    await call.queues.update(queue, (record) => ({ ...record, attributes: mergeAttributes(record.attributes, changes), lastModifiedAt: call.now() }));
    return {};
  },
});
