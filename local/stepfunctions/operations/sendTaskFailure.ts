import type { SendTaskFailureInput, SendTaskFailureOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { CAUSE, ERROR, TASK_TOKEN } from './members';
import { authorizeTaskResponse } from './task-response';

export const sendTaskFailure = defineOperation<SendTaskFailureInput, SendTaskFailureOutput, StatesCall>({
  name: 'SendTaskFailure',
  input: { type: 'structure', members: { taskToken: { ...TASK_TOKEN, required: true }, error: ERROR, cause: CAUSE } },
  async handle(input, call) {
    authorizeTaskResponse(input.taskToken, call);
    await call.tokens.answer(input.taskToken, { error: input.error, cause: input.cause });
    return {};
  },
});
