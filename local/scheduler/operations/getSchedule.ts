import { LOCAL_ACCOUNT } from '../../assembly';
import { JsonServiceError } from '../../edge';
import type { SchedulerOperation } from './index';

/** `GET /schedules/{Name}?groupName=`: one schedule with its expression, dates and target. */
export const getSchedule: SchedulerOperation = (api) => ({
  name: 'GetSchedule',
  method: 'GET',
  path: /^\/schedules\/(?<Name>[^/]+)$/,
  handle(call) {
    const group = call.query.get('groupName') ?? 'default';
    const schedule = api.schedules().find((s) => s.Name === call.params.Name && s.GroupName === group);
    api.authorize(call, 'scheduler:GetSchedule', schedule?.Arn ?? `arn:aws:scheduler:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:schedule/${group}/${call.params.Name}`);
    if (!schedule) throw new JsonServiceError('ResourceNotFoundException', `Schedule ${call.params.Name} does not exist.`, 404);
    return schedule;
  },
});
