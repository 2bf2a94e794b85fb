import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam';
import type { SchedulerLocalService } from '../../../local/scheduler';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** EventBridge Scheduler's ListSchedules and GetSchedule through the real SDK client, over Flare's escalate schedule. */
describe('Scheduler API', () => {
  let cloud: LocalCloud;
  let scheduler: SchedulerClient;

  beforeAll(async () => {
    cloud = await startTestCloud();
    scheduler = new SchedulerClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  describe('functionality', () => {
    it('lists the schedule defineFunction({ schedule }) made, targeting its function', async () => {
      const { Schedules } = await scheduler.send(new ListSchedulesCommand({}));
      expect(Schedules).toHaveLength(1);
      expect(Schedules![0]).toMatchObject({ GroupName: 'default', State: 'ENABLED' });
      expect(Schedules![0].Target!.Arn).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:/);
      expect(Schedules![0].CreationDate).toBeInstanceOf(Date);
    });

    it('gets a schedule with its expression, time zone and target role', async () => {
      const { Schedules } = await scheduler.send(new ListSchedulesCommand({}));
      const schedule = await scheduler.send(new GetScheduleCommand({ Name: Schedules![0].Name! }));
      expect(schedule).toMatchObject({ Name: Schedules![0].Name, ScheduleExpression: 'cron(*/1 * * * ? *)', ScheduleExpressionTimezone: 'UTC', FlexibleTimeWindow: { Mode: 'OFF' } });
      expect(schedule.Target!.RoleArn).toMatch(/^arn:aws:iam::000000000000:role\//);
    });

    it('filters by name prefix, state and group, and pages by MaxResults', async () => {
      expect((await scheduler.send(new ListSchedulesCommand({ NamePrefix: 'nothing-starts-so' }))).Schedules).toEqual([]);
      expect((await scheduler.send(new ListSchedulesCommand({ State: 'DISABLED' }))).Schedules).toEqual([]);
      expect((await scheduler.send(new ListSchedulesCommand({ GroupName: 'other' }))).Schedules).toEqual([]);
      const page = await scheduler.send(new ListSchedulesCommand({ MaxResults: 1 }));
      expect(page.Schedules).toHaveLength(1);
      expect(page.NextToken).toBeUndefined();
    });

    it('reports the next fire time and fires out of turn only through the local service (no AWS API does)', () => {
      const [view] = cloud.services.get<SchedulerLocalService>('scheduler').describeSchedules();
      expect(Date.parse(view.nextFireTime!)).toBeGreaterThan(Date.now() - 1000);
      expect(Date.parse(view.nextFireTime!) % 60_000).toBe(0);
      expect(cloud.services.get<SchedulerLocalService>('scheduler').fireNow('arn:aws:scheduler:us-east-1:000000000000:schedule/default/none')).toBe(false);
    });
  });

  describe('validation', () => {
    it('answers an unknown schedule with ResourceNotFoundException (404)', async () => {
      const error = await scheduler.send(new GetScheduleCommand({ Name: 'none' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: 'Schedule none does not exist.', $metadata: { httpStatusCode: 404 } });
    });

    it('rejects MaxResults above 100 (ValidationException)', async () => {
      const error = await scheduler.send(new ListSchedulesCommand({ MaxResults: 101 })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    });

    it('refuses a role its policies do not allow', async () => {
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'), { sessionName: 'guest' });
      const error = await new SchedulerClient(clientConfig(cloud, credentials)).send(new ListSchedulesCommand({})).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    });
  });
});
