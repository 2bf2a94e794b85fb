import type { CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';

/** `AmazonSQS.CancelMessageMoveTask`: stops a running task; what it moved stays moved. */
export const cancelMessageMoveTask = defineOperation<CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult, SqsCall>({
  name: 'CancelMessageMoveTask',
  input: { type: 'structure', members: { TaskHandle: { type: 'string', required: true } } },
  handle(input, call) {
    let sourceArn: unknown;
    try {
      sourceArn = (JSON.parse(Buffer.from(input.TaskHandle, 'base64').toString('utf8')) as { sourceArn?: unknown }).sourceArn;
    } catch {
      sourceArn = undefined;
    }
    if (typeof sourceArn !== 'string') throw SqsErrors.invalidParameterValue('Value for parameter TaskHandle is invalid.');
    call.authorize(sourceArn);
    return { ApproximateNumberOfMessagesMoved: call.moves.cancel(input.TaskHandle) };
  },
});
