import type { StopExecutionInput, StopExecutionOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { checkArn } from '../names';
import { CAUSE, ERROR, LONG_ARN } from './members';

export const stopExecution = defineOperation<StopExecutionInput, StopExecutionOutput, StatesCall>({
  name: 'StopExecution',
  input: { type: 'structure', members: { executionArn: { ...LONG_ARN, required: true }, error: ERROR, cause: CAUSE } },
  async handle(input, call) {
    checkArn(input.executionArn, 'execution');
    call.authorize(input.executionArn);
    const record = call.execution(input.executionArn);
    const running = call.running(input.executionArn);
    if (running) {
      running.stop(input.error, input.cause);
      await running.done;
    }
    return { stopDate: new Date(running?.record.stopDate ?? record.stopDate ?? Date.now()) };
  },
});
