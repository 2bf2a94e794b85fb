import type { DescribeStateMachineInput, DescribeStateMachineOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { checkArn } from '../names';
import { INCLUDED_DATA, LONG_ARN } from './members';

export const describeStateMachine = defineOperation<DescribeStateMachineInput, DescribeStateMachineOutput, StatesCall>({
  name: 'DescribeStateMachine',
  input: { type: 'structure', members: { stateMachineArn: { ...LONG_ARN, required: true }, includedData: INCLUDED_DATA } },
  handle(input, call) {
    checkArn(input.stateMachineArn, 'stateMachine');
    call.authorize(input.stateMachineArn);
    const machine = call.machine(input.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: new Date(machine.createdAt),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  },
});
