import type { DescribeExecutionInput, DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { StatesErrors } from '../errors';
import { checkArn } from '../names';
import { INCLUDED_DATA, LONG_ARN } from './members';

export const describeExecution = defineOperation<DescribeExecutionInput, DescribeExecutionOutput, StatesCall>({
  name: 'DescribeExecution',
  input: { type: 'structure', members: { executionArn: { ...LONG_ARN, required: true }, includedData: INCLUDED_DATA } },
  handle(input, call) {
    checkArn(input.executionArn, 'execution');
    call.authorize(input.executionArn);
    // AWS keeps no record of Express executions for this API (their history goes to CloudWatch Logs).
    if (input.executionArn.split(':')[5] === 'express') throw StatesErrors.typeNotSupported('This operation is not supported by EXPRESS state machines');
    const record = call.execution(input.executionArn);
    const withData = input.includedData !== 'METADATA_ONLY';
    return {
      executionArn: record.arn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      ...(record.stopDate !== undefined && { stopDate: new Date(record.stopDate) }),
      ...(withData && { input: record.input, inputDetails: { included: true }, ...(record.output !== undefined && { output: record.output, outputDetails: { included: true } }) }),
      ...(record.error !== undefined && { error: record.error }),
      ...(record.cause !== undefined && { cause: record.cause }),
      ...(record.traceHeader !== undefined && { traceHeader: record.traceHeader }),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  },
});
