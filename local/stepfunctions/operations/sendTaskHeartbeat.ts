import type { SendTaskHeartbeatInput, SendTaskHeartbeatOutput } from '@aws-sdk/client-sfn';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { TASK_TOKEN } from './members';
import { authorizeTaskResponse } from './task-response';

export const sendTaskHeartbeat = defineOperation<SendTaskHeartbeatInput, SendTaskHeartbeatOutput, StatesCall>({
  name: 'SendTaskHeartbeat',
  input: { type: 'structure', members: { taskToken: { ...TASK_TOKEN, required: true } } },
  handle(input, call) {
    authorizeTaskResponse(input.taskToken, call);
    call.tokens.heartbeat(input.taskToken);
    return {};
  },
});
