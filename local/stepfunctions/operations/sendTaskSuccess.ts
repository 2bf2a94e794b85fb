import type { SendTaskSuccessInput, SendTaskSuccessOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { StatesErrors } from '../errors';
import { SENSITIVE_DATA, TASK_TOKEN } from './members';
import { authorizeTaskResponse } from './task-response';

export const sendTaskSuccess = defineOperation<SendTaskSuccessInput, SendTaskSuccessOutput, StatesCall>({
  name: 'SendTaskSuccess',
  input: { type: 'structure', members: { taskToken: { ...TASK_TOKEN, required: true }, output: { ...SENSITIVE_DATA, required: true } } },
  async handle(input, call) {
    authorizeTaskResponse(input.taskToken, call);
    try {
      JSON.parse(input.output);
    } catch (error) {
      throw StatesErrors.invalidOutput((error as Error).message);
    }
    await call.tokens.answer(input.taskToken, { output: input.output });
    return {};
  },
});
