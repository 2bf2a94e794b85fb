import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createEventsService, type EventsLocalService } from '../../../local/events';
import { createLambdaService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { createSchedulerService, type SchedulerLocalService } from '../../../local/scheduler';
import { createSsmService } from '../../../local/ssm';
import { recordingReporter, startTestCloud } from '../../helpers/cloud';
import { FakeClock } from '../../helpers/fake-clock';

const FIXTURE = path.resolve('tests/fixtures/lambda-schedules');
const START = Date.parse('2026-01-05T08:00:30Z'); // a Monday

async function startCloud(options: { cdkOut?: string; clock?: FakeClock; records: LogRecord[]; services?: 'flare'; stateDir?: string }): Promise<LocalCloud> {
  return startTestCloud({
    cdkOut: options.cdkOut,
    stateDir: options.stateDir,
    services: [
      iamService(),
      ...(options.services === 'flare' ? [createSsmService()] : []),
      createLambdaService({ hotReload: false }),
      createEventsService(),
      createSchedulerService({ clock: options.clock }),
    ],
    reporter: recordingReporter(options.records),
  });
}

/** The events the recorder function logged, in order. */
function recorded(records: LogRecord[]): Record<string, unknown>[] {
  return records.filter((r) => r.service === 'lambda:recorder' && r.message.startsWith('EVENT ')).map((r) => JSON.parse(r.message.slice(6)) as Record<string, unknown>);
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Schedules of the assembly fire their Lambda targets with the payload AWS sends, on a
 * clock the test moves (minutes pass in milliseconds).
 */
describe('the local scheduler, on a controlled clock', () => {
  let cloud: LocalCloud;
  const clock = new FakeClock(START);
  const records: LogRecord[] = [];
  beforeAll(async () => {
    cloud = await startCloud({ cdkOut: FIXTURE, clock, records });
  });
  afterAll(() => cloud?.stop());

  it('lists what runs and what does not', () => {
    const summary = cloud.services.get<SchedulerLocalService>('scheduler').summary();
    expect(summary).toContain('cron(*/1 * * * ? *) → lambda:recorder, next 2026-01-05T08:01:00Z');
    expect(summary).toContain('cron(0 9 * * ? *) America/New_York → lambda:recorder, next 2026-01-05T14:00:00Z');
    expect(summary).toContain('DISABLED');
    expect(summary).toMatch(/NOT run: .*ToQueue \(target arn:aws:sqs:us-east-1:000000000000:jobs: only Lambda targets run locally\)/);
    expect(summary).toContain('rate(1 hour) → rule hourly (its targets, through the event bus)');
    // The event-pattern rule is the event bus's, which runs it.
    expect(cloud.services.get<EventsLocalService>('events').summary()).toBe('1 bus (default), 2 rules with 2 targets');
    expect(summary).toContain('Invalid (Schedule expression "cron(0 10 * * * *)" is not valid: exactly one of Day-of-month and Day-of-week must be ?');
  });

  it('fires a cron schedule on the minute, with {} as a Scheduler target without Input gets', async () => {
    // Act: 08:00:30 → 08:02:30 passes 08:01 and 08:02
    await clock.advance(2 * 60_000);

    // Assess
    await eventually(() => recorded(records).filter((event) => Object.keys(event).length === 0).length >= 2);
    expect(recorded(records).filter((event) => Object.keys(event).length === 0)).toHaveLength(2);
  });

  it('fills a target Input’s context attributes with the schedule ARN, scheduled time and attempt', async () => {
    // Act: 08:02:30 → 08:10:30 passes the with-input schedule's 08:10
    await clock.advance(8 * 60_000);

    // Assess
    await eventually(() => recorded(records).some((event) => event.job === 'report'));
    expect(recorded(records).find((event) => event.job === 'report')).toEqual({
      job: 'report',
      arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/with-input',
      at: '2026-01-05T08:10:00Z',
      attempt: 1,
    });
  });

  it('sends an EventBridge rule’s Lambda target the Scheduled Event, a rate period after start', async () => {
    // Act: past 09:00:30, one hour after the rule was created
    await clock.advance(50 * 60_000);

    // Assess
    await eventually(() => recorded(records).some((event) => event['detail-type'] === 'Scheduled Event'));
    const event = recorded(records).find((e) => e['detail-type'] === 'Scheduled Event')!;
    expect(event).toMatchObject({
      version: '0',
      source: 'aws.events',
      account: '000000000000',
      region: 'us-east-1',
      time: '2026-01-05T09:00:30Z',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/hourly'],
      detail: {},
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never fires a DISABLED schedule, and refuses a target the schedule’s role may not invoke', () => {
    expect(records.some((r) => r.message.includes('disabled fired'))).toBe(false);
    const denied = records.find((r) => r.service === 'scheduler' && r.level === 'error' && r.message.startsWith('denied → lambda:recorder'));
    expect(denied?.message).toMatch(/is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:\S+ because no identity-based policy allows/);
  });

  it('invokes asynchronously, with the schedule named as the source', () => {
    const start = records.find((r) => r.service === 'lambda:recorder' && r.message === 'START (scheduler every-minute)');
    expect(start).toBeDefined();
  });
});

describe('the local scheduler on the real clock', () => {
  let cloud: LocalCloud;
  const records: LogRecord[] = [];
  afterAll(() => cloud?.stop());

  it('a rate schedule without StartDate fires at once and then every period (real time)', async () => {
    // Prepare: a schedule like rate(1 minute), over the same fixture
    const fixture = path.resolve('tests/fixtures/lambda-schedules-rate');
    cloud = await startCloud({ cdkOut: fixture, records });

    // Assess: EventBridge Scheduler starts a rate schedule on creation
    await eventually(() => recorded(records).length >= 1, 10_000);
    expect(cloud.services.get<SchedulerLocalService>('scheduler').summary()).toMatch(/rate\(1 minute\) → lambda:recorder, next \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
  });
});

describe('a rate schedule across restarts', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-scheduler-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('counts from its first start, not from each start: a restart does not fire it again at once', async () => {
    // Prepare: the first start runs the schedule at once (08:00:30), as Scheduler does on creation
    const fixture = path.resolve('tests/fixtures/lambda-schedules-rate');
    const firstRecords: LogRecord[] = [];
    const first = await startCloud({ cdkOut: fixture, clock: new FakeClock(START), records: firstRecords, stateDir });
    const firstSummary = first.services.get<SchedulerLocalService>('scheduler').summary();
    await first.stop();

    // Act: half a period later, the local cloud starts again
    const again: LogRecord[] = [];
    const second = await startCloud({ cdkOut: fixture, clock: new FakeClock(START + 30_000), records: again, stateDir });
    const summary = second.services.get<SchedulerLocalService>('scheduler').summary();
    await second.stop();

    // Assess
    expect(firstSummary).toContain('rate(1 minute) → lambda:recorder, next 2026-01-05T08:00:30Z');
    expect(summary).toContain('rate(1 minute) → lambda:recorder, next 2026-01-05T08:01:30Z');
  });
});

describe('Flare’s escalate schedule', () => {
  let cloud: LocalCloud;
  const clock = new FakeClock(START);
  const records: LogRecord[] = [];
  beforeAll(async () => {
    cloud = await startCloud({ clock, records, services: 'flare' });
  });
  afterAll(() => cloud?.stop());

  it('runs every minute in UTC and invokes the escalate function through its scheduler role', async () => {
    // Prepare
    const summary = cloud.services.get<SchedulerLocalService>('scheduler').summary();

    // Act
    await clock.advance(60_000);

    // Assess
    expect(summary).toBe('cron(*/1 * * * ? *) → lambda:escalate, next 2026-01-05T08:01:00Z');
    await eventually(() => records.some((r) => r.service === 'lambda:escalate' && r.message.startsWith('START (scheduler ')));
    expect(records.some((r) => r.service === 'scheduler' && r.level === 'error')).toBe(false);
  });
});
