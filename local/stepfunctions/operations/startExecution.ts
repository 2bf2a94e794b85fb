import type { StartExecutionInput, StartExecutionOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { checkArn } from '../names';
import { ARN, NAME, SENSITIVE_DATA, TRACE_HEADER } from './members';

export const startExecution = defineOperation<StartExecutionInput, StartExecutionOutput, StatesCall>({
  name: 'StartExecution',
  input: { type: 'structure', members: { stateMachineArn: { ...ARN, required: true }, name: NAME, input: SENSITIVE_DATA, traceHeader: TRACE_HEADER } },
  async handle(input, call) {
    checkArn(input.stateMachineArn, 'stateMachine');
    call.authorize(input.stateMachineArn);
    const machine = call.machine(input.stateMachineArn);
    const execution = await call.start(machine, { name: input.name, input: input.input ?? '{}', traceHeader: input.traceHeader ?? call.traceHeader });
    return { executionArn: execution.record.arn, startDate: new Date(execution.record.startDate) };
  },
});
