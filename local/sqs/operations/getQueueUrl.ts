import type { GetQueueUrlRequest, GetQueueUrlResult } from '@aws-sdk/client-sqs';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';
import { queueArnOf } from '../queue-store';

/** `AmazonSQS.GetQueueUrl`: by name (in the local account; another owner's queues do not exist here). */
export const getQueueUrl = defineOperation<GetQueueUrlRequest, GetQueueUrlResult, SqsCall>({
  name: 'GetQueueUrl',
  input: { type: 'structure', members: { QueueName: { type: 'string', required: true }, QueueOwnerAWSAccountId: { type: 'string' } } },
  handle(input, call) {
    call.authorize(queueArnOf(input.QueueName));
    const queue = call.queues.byName(input.QueueName);
    if (!queue || (input.QueueOwnerAWSAccountId !== undefined && input.QueueOwnerAWSAccountId !== LOCAL_ACCOUNT.accountId)) throw SqsErrors.queueDoesNotExist();
    return { QueueUrl: call.queueUrl(queue) };
  },
});
