import { OperationRegistry, type AnyOperation } from '../../kit';
import type { SqsCall } from '../context';
import { cancelMessageMoveTask } from './cancelMessageMoveTask';
import { changeMessageVisibility } from './changeMessageVisibility';
import { changeMessageVisibilityBatch } from './changeMessageVisibilityBatch';
import { createQueue } from './createQueue';
import { deleteMessage } from './deleteMessage';
import { deleteMessageBatch } from './deleteMessageBatch';
import { deleteQueue } from './deleteQueue';
import { getQueueAttributes } from './getQueueAttributes';
import { getQueueUrl } from './getQueueUrl';
import { listDeadLetterSourceQueues } from './listDeadLetterSourceQueues';
import { listMessageMoveTasks } from './listMessageMoveTasks';
import { listQueues } from './listQueues';
import { listQueueTags } from './listQueueTags';
import { purgeQueue } from './purgeQueue';
import { receiveMessage } from './receiveMessage';
import { sendMessage } from './sendMessage';
import { sendMessageBatch } from './sendMessageBatch';
import { setQueueAttributes } from './setQueueAttributes';
import { startMessageMoveTask } from './startMessageMoveTask';
import { tagQueue } from './tagQueue';
import { untagQueue } from './untagQueue';

/**
 * The SQS operations the local SQS answers, on the JSON protocol (`AmazonSQS.<Name>`) and the
 * query protocol (`Action=<Name>`) alike, IAM `sqs:<Name>` on the queue's ARN; any other is
 * UnknownOperationException (JSON) / InvalidAction (query) naming it.
 */
export const SQS_OPERATIONS = new OperationRegistry<AnyOperation<SqsCall>>({
  service: 'SQS',
  iamPrefix: 'sqs',
  operations: [
    createQueue, deleteQueue, getQueueUrl, listQueues, getQueueAttributes, setQueueAttributes, purgeQueue,
    tagQueue, untagQueue, listQueueTags, listDeadLetterSourceQueues,
    sendMessage, sendMessageBatch, receiveMessage, deleteMessage, deleteMessageBatch, changeMessageVisibility, changeMessageVisibilityBatch,
    startMessageMoveTask, listMessageMoveTasks, cancelMessageMoveTask,
  ],
  notImplemented: {
    AddPermission: 'legacy queue permissions: set the queue Policy attribute instead',
    RemovePermission: 'legacy queue permissions: set the queue Policy attribute instead',
  },
});
