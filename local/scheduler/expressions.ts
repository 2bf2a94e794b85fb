import { parseCron, type CronSchedule } from './cron';
import { ScheduleExpressionError } from './errors';
import { naiveOf } from './zoned-time';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** A parsed `rate(...)`, `cron(...)` or `at(...)` expression. */
export type ScheduleExpression =
  | { kind: 'rate'; text: string; periodMs: number }
  | { kind: 'cron'; text: string; cron: CronSchedule }
  /** A one-time schedule: the wall time, in the schedule's time zone. */
  | { kind: 'at'; text: string; wall: number };

/**
 * Parses a schedule expression as EventBridge (`events`: rules, rate and cron) or
 * EventBridge Scheduler (`scheduler`: rate, cron and one-time `at`) accepts it.
 * @example
 * parseScheduleExpression('rate(5 minutes)', 'events'); // { kind: 'rate', periodMs: 300000, … }
 */
export function parseScheduleExpression(text: string, flavour: 'events' | 'scheduler'): ScheduleExpression {
  const match = /^(rate|cron|at)\((.*)\)$/.exec(text.trim());
  if (!match) throw new ScheduleExpressionError(text, 'expected rate(value unit), cron(fields)' + (flavour === 'scheduler' ? ' or at(yyyy-mm-ddThh:mm:ss)' : ''));
  const [, kind, body] = match;
  if (kind === 'cron') return { kind, text, cron: parseCron(body) };
  if (kind === 'rate') {
    const rate = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
    if (!rate) throw new ScheduleExpressionError(text, 'a rate is rate(value unit) with a whole number and minute(s), hour(s) or day(s)');
    const value = Number(rate[1]);
    const unit = rate[2];
    if (value < 1) throw new ScheduleExpressionError(text, 'the rate value must be a positive whole number');
    // EventBridge rules document the unit's number: rate(1 hour), rate(5 hours) — never rate(1 hours).
    if (flavour === 'events' && (value === 1) !== !unit.endsWith('s')) {
      throw new ScheduleExpressionError(text, `use the singular unit for 1 and the plural otherwise (rate(1 ${unit.replace(/s$/, '')}), rate(${Math.max(value, 2)} ${unit.replace(/s?$/, 's')}))`);
    }
    return { kind, text, periodMs: value * UNIT_MS[unit.replace(/s$/, '') as keyof typeof UNIT_MS] };
  }
  if (flavour !== 'scheduler') throw new ScheduleExpressionError(text, 'one-time at() expressions are for EventBridge Scheduler schedules, not rules');
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!at) throw new ScheduleExpressionError(text, 'a one-time schedule is at(yyyy-mm-ddThh:mm:ss)');
  const [year, month, day, hour, minute] = at.slice(1, 6).map(Number);
  return { kind: 'at', text, wall: naiveOf({ year, month, day, hour, minute }) };
}
