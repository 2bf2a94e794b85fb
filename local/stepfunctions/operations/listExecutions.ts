import type { ListExecutionsInput, ListExecutionsOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { StatesErrors } from '../errors';
import { checkArn } from '../names';
import { ARN, LONG_ARN, MAX_RESULTS, NEXT_TOKEN, page } from './members';

export const listExecutions = defineOperation<ListExecutionsInput, ListExecutionsOutput, StatesCall>({
  name: 'ListExecutions',
  input: {
    type: 'structure',
    members: {
      stateMachineArn: ARN,
      statusFilter: { type: 'string', enum: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] },
      maxResults: MAX_RESULTS,
      nextToken: NEXT_TOKEN,
      mapRunArn: LONG_ARN,
      redriveFilter: { type: 'string', enum: ['REDRIVEN', 'NOT_REDRIVEN'] },
    },
  },
  handle(input, call) {
    if (input.mapRunArn !== undefined) throw StatesErrors.invalidArn(`Resource type not valid in this context: mapRun (Distributed Map runs are not run locally)`);
    if (input.stateMachineArn === undefined) throw StatesErrors.validation('Must provide a StateMachine ARN or MapRun ARN');
    checkArn(input.stateMachineArn, 'stateMachine');
    call.authorize(input.stateMachineArn);
    const machine = call.machine(input.stateMachineArn);
    if (machine.type === 'EXPRESS') throw StatesErrors.typeNotSupported('This operation is not supported by EXPRESS state machines');
    const executions = [...call.store.executions.values()]
      .filter((execution) => execution.stateMachineArn === machine.arn)
      .map((execution) => call.execution(execution.arn))
      .filter((execution) => input.statusFilter === undefined || execution.status === input.statusFilter)
      .sort((a, b) => b.startDate - a.startDate);
    const { items, nextToken } = page(executions, input.maxResults, input.nextToken);
    return {
      executions: items.map((execution) => ({
        executionArn: execution.arn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        status: execution.status,
        startDate: new Date(execution.startDate),
        ...(execution.stopDate !== undefined && { stopDate: new Date(execution.stopDate) }),
      })),
      ...(nextToken && { nextToken }),
    };
  },
});
