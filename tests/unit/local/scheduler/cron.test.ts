import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCron } from '../../../../local/scheduler/cron';
import { ScheduleExpressionError } from '../../../../local/scheduler/errors';

/** The next `count` run times after `from`, as ISO strings. */
function runs(fields: string, from: string, count: number, zone = 'UTC'): (string | undefined)[] {
  const schedule = parseCron(fields);
  const out: (string | undefined)[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = nextCronTime(schedule, after, zone);
    out.push(next === undefined ? undefined : new Date(next).toISOString());
    if (next === undefined) break;
    after = next;
  }
  return out;
}

const z = (s: string) => `${s}:00.000Z`;

/**
 * AWS's cron expressions, against the examples of the EventBridge and EventBridge
 * Scheduler documentation and the special characters they describe. 2026-01-01 is a Thursday.
 */
describe('AWS cron expressions', () => {
  describe('functionality: the documented examples', () => {
    it.each([
      // [fields, from, expected runs, what AWS's documentation says]
      ['0 10 * * ? *', '2026-01-01T09:59:30Z', ['2026-01-01T10:00', '2026-01-02T10:00'], '10:00 am (UTC) every day'],
      ['0 10 * * ? *', '2026-01-01T10:00:00Z', ['2026-01-02T10:00'], 'strictly after the given time'],
      ['15 12 * * ? *', '2026-01-01T00:00:00Z', ['2026-01-01T12:15', '2026-01-02T12:15'], '12:15 pm (UTC) every day'],
      ['0 18 ? * MON-FRI *', '2026-01-02T18:00:00Z', ['2026-01-05T18:00', '2026-01-06T18:00'], '6:00 pm (UTC) every Monday through Friday'],
      ['0 8 1 * ? *', '2026-01-01T08:00:00Z', ['2026-02-01T08:00', '2026-03-01T08:00'], '8:00 am (UTC) every 1st day of the month'],
      ['0/15 * * * ? *', '2026-01-01T00:07:00Z', ['2026-01-01T00:15', '2026-01-01T00:30', '2026-01-01T00:45', '2026-01-01T01:00'], 'every 15 minutes'],
      ['0/10 * ? * MON-FRI *', '2026-01-02T23:55:00Z', ['2026-01-05T00:00', '2026-01-05T00:10'], 'every 10 minutes Monday through Friday'],
      ['0/5 8-17 ? * MON-FRI *', '2026-01-05T17:50:00Z', ['2026-01-05T17:55', '2026-01-06T08:00'], 'every 5 minutes Mon–Fri between 8:00 am and 5:55 pm (UTC)'],
      [
        '0/30 20-2 ? * MON-FRI *',
        '2026-01-02T23:30:00Z',
        ['2026-01-05T00:00', '2026-01-05T00:30', '2026-01-05T01:00', '2026-01-05T01:30', '2026-01-05T02:00', '2026-01-05T02:30', '2026-01-05T20:00'],
        'hours wrap past midnight; the days are the days the hours fall on',
      ],
      ['0 9 ? * 2#1 *', '2026-01-01T00:00:00Z', ['2026-01-05T09:00', '2026-02-02T09:00'], '9:00 am on the first Monday of each month'],
      ['*/1 * * * ? *', '2026-01-01T00:00:10Z', ['2026-01-01T00:01', '2026-01-01T00:02'], 'every minute (what Amplify writes for "every 1m")'],
    ])('cron(%s) after %s', (fields, from, expected) => {
      expect(runs(fields, from, expected.length)).toEqual(expected.map(z));
    });
  });

  describe('functionality: special characters and names', () => {
    it('L in day-of-month is the last day of the month', () => {
      expect(runs('0 0 L * ? *', '2026-01-15T00:00:00Z', 2)).toEqual(['2026-01-31T00:00', '2026-02-28T00:00'].map(z));
    });

    it('L in day-of-week is the last day of the week (Saturday); 6L is the month’s last Friday', () => {
      expect(runs('0 6 ? * L *', '2026-01-01T00:00:00Z', 1)).toEqual([z('2026-01-03T06:00')]);
      expect(runs('0 12 ? * 6L *', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-30T12:00', '2026-02-27T12:00'].map(z));
    });

    it('nW is the weekday nearest the nth, never in another month; LW the last weekday', () => {
      expect(runs('0 12 15W * ? *', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-15T12:00', '2026-02-16T12:00'].map(z));
      expect(runs('0 12 1W * ? *', '2026-07-15T00:00:00Z', 1)).toEqual([z('2026-08-03T12:00')]);
      expect(runs('0 12 LW * ? *', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-30T12:00', '2026-02-27T12:00'].map(z));
      expect(runs('0 12 LW * ? *', '2026-05-01T00:00:00Z', 1)).toEqual([z('2026-05-29T12:00')]);
    });

    it('accepts month and day names, in any case, in lists', () => {
      expect(runs('0 12 ? jan,MAR Sun *', '2026-01-25T12:00:00Z', 1)).toEqual([z('2026-03-01T12:00')]);
    });

    it('the year field bounds the schedule; past it there are no more runs', () => {
      expect(runs('0 0 1 1 ? 2027-2028', '2026-01-01T00:00:00Z', 3)).toEqual([z('2027-01-01T00:00'), z('2028-01-01T00:00'), undefined]);
    });

    it('a start value with a step runs to the field’s maximum: 5/20 is 5, 25, 45', () => {
      expect(runs('5/20 * * * ? *', '2026-01-01T00:00:00Z', 4)).toEqual(['2026-01-01T00:05', '2026-01-01T00:25', '2026-01-01T00:45', '2026-01-01T01:05'].map(z));
    });
  });

  describe('functionality: time zones and daylight saving time (EventBridge Scheduler)', () => {
    it('evaluates the fields in the schedule’s time zone', () => {
      expect(runs('0 9 * * ? *', '2026-01-01T00:00:00Z', 1, 'America/New_York')).toEqual([z('2026-01-01T14:00')]);
      expect(runs('0 9 * * ? *', '2026-07-01T00:00:00Z', 1, 'America/New_York')).toEqual([z('2026-07-01T13:00')]);
    });

    it('skips a time that does not exist when clocks go forward', () => {
      // 2026-03-08 02:00 EST jumps to 03:00 EDT in New York.
      expect(runs('30 2 * * ? *', '2026-03-07T00:00:00Z', 2, 'America/New_York')).toEqual(['2026-03-07T07:30', '2026-03-09T06:30'].map(z));
    });

    it('runs a repeated time once when clocks go back', () => {
      // 2026-11-01 02:00 EDT goes back to 01:00 EST: 01:30 happens twice (05:30Z and 06:30Z).
      expect(runs('30 1 * * ? *', '2026-11-01T00:00:00Z', 2, 'America/New_York')).toEqual(['2026-11-01T05:30', '2026-11-02T06:30'].map(z));
      expect(runs('*/30 * * * ? *', '2026-11-01T04:59:00Z', 4, 'America/New_York')).toEqual(['2026-11-01T05:00', '2026-11-01T05:30', '2026-11-01T07:00', '2026-11-01T07:30'].map(z));
    });
  });

  describe('validation', () => {
    it.each([
      ['0 10 * * * *', /exactly one of Day-of-month and Day-of-week must be \?/],
      ['0 10 ? * ? *', /exactly one of Day-of-month and Day-of-week must be \?/],
      ['0 10 * * ?', /6 fields .* this one has 5/],
      ['60 10 * * ? *', /Minutes value "60" is outside 0–59/],
      ['0 24 * * ? *', /Hours value "24" is outside 0–23/],
      ['0 10 32 * ? *', /Day-of-month value "32" is outside 1–31/],
      ['0 10 ? * 8 *', /Day-of-week value "8" is outside 1–7/],
      ['0 10 ? FOO * *', /Month value "FOO" is outside 1–12 \(or JAN–DEC\)/],
      ['0 10 * * ? 1969', /Year value "1969" is outside 1970–2199/],
      ['0/0 * * * ? *', /step "0" must be a positive whole number/],
      ['? 10 * * ? *', /Minutes does not take \?/],
      ['0 10 1,L * ? *', /L and W stand alone/],
      ['0 10 ? * 2#6 *', /the week after # must be 1–5/],
    ])('cron(%s) is refused', (fields, message) => {
      expect(() => parseCron(fields)).toThrow(ScheduleExpressionError);
      expect(() => parseCron(fields)).toThrow(message);
    });
  });
});
