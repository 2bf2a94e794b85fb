import type { GetExecutionHistoryInput, GetExecutionHistoryOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { StatesErrors } from '../errors';
import { checkArn } from '../names';
import { LONG_ARN, MAX_RESULTS, NEXT_TOKEN, page } from './members';

export const getExecutionHistory = defineOperation<GetExecutionHistoryInput, GetExecutionHistoryOutput, StatesCall>({
  name: 'GetExecutionHistory',
  input: { type: 'structure', members: { executionArn: { ...LONG_ARN, required: true }, maxResults: MAX_RESULTS, reverseOrder: { type: 'boolean' }, nextToken: NEXT_TOKEN, includeExecutionData: { type: 'boolean' } } },
  handle(input, call) {
    checkArn(input.executionArn, 'execution');
    call.authorize(input.executionArn);
    if (input.executionArn.split(':')[5] === 'express') throw StatesErrors.typeNotSupported('This operation is not supported by EXPRESS state machines');
    const record = call.execution(input.executionArn);
    const events = input.reverseOrder ? [...record.events].reverse() : record.events;
    const { items, nextToken } = page(events, input.maxResults, input.nextToken);
    return {
      events: items.map((event) => ({ id: event.id, previousEventId: event.previousEventId, timestamp: new Date(event.timestamp), type: event.type, ...event.details }) as HistoryEvent),
      ...(nextToken && { nextToken }),
    };
  },
});
