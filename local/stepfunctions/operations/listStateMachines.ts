import type { ListStateMachinesInput, ListStateMachinesOutput } from '@aws-sdk/client-sfn';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { MAX_RESULTS, NEXT_TOKEN, page } from './members';

export const listStateMachines = defineOperation<ListStateMachinesInput, ListStateMachinesOutput, StatesCall>({
  name: 'ListStateMachines',
  input: { type: 'structure', members: { maxResults: MAX_RESULTS, nextToken: NEXT_TOKEN } },
  handle(input, call) {
    call.authorize(`arn:aws:states:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    const machines = [...call.store.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const { items, nextToken } = page(machines, input.maxResults, input.nextToken);
    return {
      stateMachines: items.map((machine) => ({ stateMachineArn: machine.arn, name: machine.name, type: machine.type, creationDate: new Date(machine.createdAt) })),
      ...(nextToken && { nextToken }),
    };
  },
});
