import { JsonServiceError } from '../../edge';
import type { SchedulerOperation } from './index';

const MAX_RESULTS = 100;

/** `GET /schedules`: summaries of the schedules, filtered by group, name prefix and state, paginated. */
export const listSchedules: SchedulerOperation = (api) => ({
  name: 'ListSchedules',
  method: 'GET',
  path: /^\/schedules\/?$/,
  handle(call) {
    const group = call.query.get('ScheduleGroup') ?? undefined;
    const prefix = call.query.get('NamePrefix') ?? undefined;
    const state = call.query.get('State') ?? undefined;
    const max = call.query.has('MaxResults') ? Number(call.query.get('MaxResults')) : MAX_RESULTS;
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
      throw new JsonServiceError('ValidationException', `1 validation error detected: Value '${call.query.get('MaxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS}`);
    }
    if (state !== undefined && state !== 'ENABLED' && state !== 'DISABLED') {
      throw new JsonServiceError('ValidationException', `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`);
    }
    api.authorize(call, 'scheduler:ListSchedules', '*');
    const matching = api
      .schedules()
      .filter((s) => (group === undefined || s.GroupName === group) && (prefix === undefined || s.Name.startsWith(prefix)) && (state === undefined || s.State === state))
      .sort((a, b) => a.GroupName.localeCompare(b.GroupName) || a.Name.localeCompare(b.Name));
    const start = call.query.has('NextToken') ? Number(Buffer.from(call.query.get('NextToken')!, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0 || start > matching.length) throw new JsonServiceError('ValidationException', 'The NextToken is not valid');
    const page = matching.slice(start, start + max);
    const next = start + max < matching.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
    return {
      Schedules: page.map((s) => ({
        Arn: s.Arn,
        Name: s.Name,
        GroupName: s.GroupName,
        State: s.State,
        CreationDate: s.CreationDate,
        LastModificationDate: s.LastModificationDate,
        Target: { Arn: s.Target.Arn },
      })),
      ...(next && { NextToken: next }),
    };
  },
});
