import type { SchedulerLocalService } from '../../scheduler';
import { ConsoleError } from '../errors';
import type { ConsoleHost } from '../host';
import { requiredString, type ConsoleEndpoint } from './index';

function schedulerOf(host: ConsoleHost): SchedulerLocalService {
  const scheduler = host.services().find<SchedulerLocalService>('scheduler');
  if (!scheduler) throw ConsoleError.serviceNotRunning('scheduler');
  return scheduler;
}

/** `GET /schedules`: every schedule and scheduled rule that runs, with its next fire time (no AWS API reports it). */
export const schedules: ConsoleEndpoint = {
  method: 'GET',
  path: /^\/schedules$/,
  handle({ host }) {
    return { schedules: schedulerOf(host).describeSchedules() };
  },
};

/** `POST /schedules/fire` `{ arn }`: fires a schedule now, as its next run would (EventBridge has no such API). */
export const fireSchedule: ConsoleEndpoint = {
  method: 'POST',
  path: /^\/schedules\/fire$/,
  async handle({ host, json }) {
    const arn = requiredString(await json(), 'arn');
    if (!schedulerOf(host).fireNow(arn)) throw ConsoleError.notFound(`Schedule ${arn}`);
    return { fired: arn };
  },
};
