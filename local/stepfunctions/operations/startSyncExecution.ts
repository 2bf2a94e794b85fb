import type { StartSyncExecutionInput, StartSyncExecutionOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { StatesErrors } from '../errors';
import { checkArn } from '../names';
import { ARN, INCLUDED_DATA, NAME, SENSITIVE_DATA, TRACE_HEADER } from './members';

/** Express state machines only: runs the execution and answers with its outcome. */
export const startSyncExecution = defineOperation<StartSyncExecutionInput, StartSyncExecutionOutput, StatesCall>({
  name: 'StartSyncExecution',
  input: { type: 'structure', members: { stateMachineArn: { ...ARN, required: true }, name: NAME, input: SENSITIVE_DATA, traceHeader: TRACE_HEADER, includedData: INCLUDED_DATA } },
  async handle(input, call) {
    checkArn(input.stateMachineArn, 'stateMachine');
    call.authorize(input.stateMachineArn);
    const machine = call.machine(input.stateMachineArn);
    if (machine.type !== 'EXPRESS') throw StatesErrors.typeNotSupported('This operation is not supported by this type of state machine');
    const execution = await call.start(machine, { name: input.name, input: input.input ?? '{}', traceHeader: input.traceHeader ?? call.traceHeader });
    await execution.done;
    const record = execution.record;
    const withData = input.includedData !== 'METADATA_ONLY';
    return {
      executionArn: record.arn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      startDate: new Date(record.startDate),
      stopDate: new Date(record.stopDate ?? Date.now()),
      status: record.status === 'SUCCEEDED' ? 'SUCCEEDED' : record.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
      ...(record.error !== undefined && { error: record.error }),
      ...(record.cause !== undefined && { cause: record.cause }),
      ...(withData && { input: record.input, inputDetails: { included: true }, ...(record.output !== undefined && { output: record.output, outputDetails: { included: true } }) }),
      ...(record.traceHeader !== undefined && { traceHeader: record.traceHeader }),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(((record.stopDate ?? Date.now()) - record.startDate) / 100) * 100) },
    };
  },
});
