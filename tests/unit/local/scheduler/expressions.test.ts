import { describe, expect, it } from 'vitest';
import { ScheduleExpressionError } from '../../../../local/scheduler/errors';
import { parseScheduleExpression } from '../../../../local/scheduler/expressions';
import { eventTime, scheduledEvent, schedulerPayload } from '../../../../local/scheduler/targets';

describe('schedule expressions', () => {
  describe('functionality', () => {
    it('rate(value unit) in minutes, hours and days', () => {
      expect(parseScheduleExpression('rate(5 minutes)', 'events')).toMatchObject({ kind: 'rate', periodMs: 300_000 });
      expect(parseScheduleExpression('rate(1 hour)', 'events')).toMatchObject({ kind: 'rate', periodMs: 3_600_000 });
      expect(parseScheduleExpression('rate(2 days)', 'scheduler')).toMatchObject({ kind: 'rate', periodMs: 172_800_000 });
    });

    it('at(…) one-time schedules for EventBridge Scheduler', () => {
      expect(parseScheduleExpression('at(2026-03-01T08:30:00)', 'scheduler')).toMatchObject({ kind: 'at', wall: Date.parse('2026-03-01T08:30:00Z') });
    });
  });

  describe('validation', () => {
    it.each([
      ['rate(1 hours)', 'events', /use the singular unit for 1/],
      ['rate(5 hour)', 'events', /use the singular unit for 1 and the plural otherwise/],
      ['rate(0 minutes)', 'scheduler', /positive whole number/],
      ['rate(2 weeks)', 'scheduler', /minute\(s\), hour\(s\) or day\(s\)/],
      ['at(2026-03-01T08:30:00)', 'events', /one-time at\(\) expressions are for EventBridge Scheduler/],
      ['at(2026-03-01 08:30)', 'scheduler', /at\(yyyy-mm-ddThh:mm:ss\)/],
      ['every 5 minutes', 'scheduler', /expected rate\(value unit\), cron\(fields\)/],
    ] as const)('%s (%s) is refused', (text, flavour, message) => {
      expect(() => parseScheduleExpression(text, flavour)).toThrow(ScheduleExpressionError);
      expect(() => parseScheduleExpression(text, flavour)).toThrow(message);
    });
  });
});

describe('what targets receive', () => {
  const firing = { arn: 'arn:aws:events:us-east-1:000000000000:rule/nightly', scheduledTime: Date.parse('2026-01-05T08:15:00Z'), attempt: 2, executionId: 'exec-1' };

  it('a Scheduler target without Input receives {}', () => {
    expect(schedulerPayload(undefined, firing)).toEqual({});
  });

  it('a Scheduler target’s Input has its context attributes filled in', () => {
    const input = '{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","attempt":<aws.scheduler.attempt-number>}';
    expect(schedulerPayload(input, firing)).toEqual({ arn: firing.arn, at: '2026-01-05T08:15:00Z', id: 'exec-1', attempt: 2 });
  });

  it('a rule target without Input receives the Scheduled Event', () => {
    expect(scheduledEvent(firing)).toEqual({
      version: '0',
      id: 'exec-1',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-01-05T08:15:00Z',
      region: 'us-east-1',
      resources: [firing.arn],
      detail: {},
    });
  });

  it('times are written as EventBridge writes them, without milliseconds', () => {
    expect(eventTime(Date.parse('2026-01-05T08:15:00.123Z'))).toBe('2026-01-05T08:15:00Z');
  });
});
