import { ScheduleExpressionError } from './errors';
import { dayOfWeek, daysInMonth, instantsOf, naiveOf, toWall, wallFields, type WallFields } from './zoned-time';

/**
 * AWS's cron expressions (EventBridge rules and EventBridge Scheduler): six fields,
 * `minutes hours day-of-month month day-of-week year`, with `,` `-` `*` `/` everywhere,
 * `?` `L` `W` in day-of-month, `?` `L` `#` in day-of-week (1 = SUN … 7 = SAT), names
 * JAN–DEC and SUN–SAT, and exactly one of the two day fields set to `?`.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE = 60_000;
const LAST_YEAR = 2199;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS = {
  minutes: { name: 'Minutes', min: 0, max: 59 },
  hours: { name: 'Hours', min: 0, max: 23 },
  dayOfMonth: { name: 'Day-of-month', min: 1, max: 31 },
  month: { name: 'Month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'Day-of-week', min: 1, max: 7, names: DAYS },
  year: { name: 'Year', min: 1970, max: LAST_YEAR },
} satisfies Record<string, FieldSpec>;

/** A day-of-month rule beyond plain values: `L`, `LW`, `15W`. */
type DayOfMonthRule = { kind: 'last' } | { kind: 'lastWeekday' } | { kind: 'nearestWeekday'; day: number };
/** A day-of-week rule beyond plain values: `5L` (last Thursday), `2#1` (first Monday). */
type DayOfWeekRule = { kind: 'lastOfMonth'; weekday: number } | { kind: 'nth'; weekday: number; nth: number };

interface DayRules {
  /** undefined when the field is `?`. */
  values?: Set<number>;
  special?: DayOfMonthRule | DayOfWeekRule;
}

export interface CronSchedule {
  expression: string;
  minutes: Set<number>;
  hours: Set<number>;
  months: Set<number>;
  years: Set<number>;
  dayOfMonth: DayRules;
  dayOfWeek: DayRules;
}

function parseNumber(text: string, spec: FieldSpec, expression: string): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new ScheduleExpressionError(expression, `${spec.name} value ${JSON.stringify(text)} is outside ${spec.min}–${spec.max}${spec.names ? ` (or ${spec.names[0]}–${spec.names[spec.names.length - 1]})` : ''}`);
  }
  return value;
}

/** `*`, `n`, `a-b` (wrapping past the maximum, as `FRI-MON`), each optionally `/step`. */
function parseValues(field: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    if (item === '') throw new ScheduleExpressionError(expression, `${spec.name} has an empty list item`);
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) throw new ScheduleExpressionError(expression, `${spec.name} item ${JSON.stringify(item)} has more than one /`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || (stepText !== undefined && !/^\d+$/.test(stepText))) {
      throw new ScheduleExpressionError(expression, `${spec.name} step ${JSON.stringify(stepText)} must be a positive whole number`);
    }
    let start: number;
    let end: number;
    if (range === '*') {
      [start, end] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const [from, to, more] = range.split('-');
      if (more !== undefined || from === '' || to === '') throw new ScheduleExpressionError(expression, `${spec.name} range ${JSON.stringify(range)} is not a-b`);
      [start, end] = [parseNumber(from, spec, expression), parseNumber(to, spec, expression)];
    } else {
      start = parseNumber(range, spec, expression);
      // `5/15` means from 5 to the maximum in steps of 15.
      end = stepText === undefined ? start : spec.max;
    }
    const span = end >= start ? end - start : end - start + (spec.max - spec.min + 1);
    for (let offset = 0; offset <= span; offset += step) {
      const value = start + offset;
      values.add(value > spec.max ? value - (spec.max - spec.min + 1) : value);
    }
  }
  return values;
}

function parseDayOfMonth(field: string, expression: string): DayRules {
  if (field === '?') return {};
  const upper = field.toUpperCase();
  if (upper === 'L') return { special: { kind: 'last' } };
  if (upper === 'LW') return { special: { kind: 'lastWeekday' } };
  const weekday = /^(\d+)W$/.exec(upper);
  if (weekday) return { special: { kind: 'nearestWeekday', day: parseNumber(weekday[1], FIELDS.dayOfMonth, expression) } };
  if (/[LW#]/i.test(field)) throw new ScheduleExpressionError(expression, `Day-of-month ${JSON.stringify(field)}: L and W stand alone (L, LW or nW)`);
  return { values: parseValues(field, FIELDS.dayOfMonth, expression) };
}

function parseDayOfWeek(field: string, expression: string): DayRules {
  if (field === '?') return {};
  const upper = field.toUpperCase();
  // `L` alone is the last day of the week: Saturday.
  if (upper === 'L') return { values: new Set([7]) };
  const last = /^([A-Z]+|\d+)L$/.exec(upper);
  if (last) return { special: { kind: 'lastOfMonth', weekday: parseNumber(last[1], FIELDS.dayOfWeek, expression) } };
  const nth = /^([A-Z]+|\d+)#(\d+)$/.exec(upper);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw new ScheduleExpressionError(expression, `Day-of-week ${JSON.stringify(field)}: the week after # must be 1–5`);
    return { special: { kind: 'nth', weekday: parseNumber(nth[1], FIELDS.dayOfWeek, expression), nth: n } };
  }
  if (/[L#]/i.test(field)) throw new ScheduleExpressionError(expression, `Day-of-week ${JSON.stringify(field)}: L and # stand alone (L, nL or n#k)`);
  return { values: parseValues(field, FIELDS.dayOfWeek, expression) };
}

/**
 * Parses the six fields inside `cron(...)`.
 * @example
 * const schedule = parseCron('0/15 8-17 ? * MON-FRI *');
 * nextCronTime(schedule, Date.parse('2026-01-05T08:07:00Z'), 'UTC'); // 2026-01-05T08:15:00Z
 */
export function parseCron(fields: string): CronSchedule {
  const expression = `cron(${fields})`;
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) throw new ScheduleExpressionError(expression, `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${parts.length}`);
  const [minutes, hours, dom, month, dow, year] = parts;
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleExpressionError(expression, 'exactly one of Day-of-month and Day-of-week must be ? (one field or the other, not both, not neither)');
  }
  for (const [field, spec] of [[minutes, FIELDS.minutes], [hours, FIELDS.hours], [month, FIELDS.month], [year, FIELDS.year]] as const) {
    // L, W and # are refused by value parsing (they are neither numbers nor names).
    if (field === '?') throw new ScheduleExpressionError(expression, `${spec.name} does not take ? (only Day-of-month and Day-of-week do)`);
  }
  return {
    expression,
    minutes: parseValues(minutes, FIELDS.minutes, expression),
    hours: parseValues(hours, FIELDS.hours, expression),
    months: parseValues(month, FIELDS.month, expression),
    years: parseValues(year, FIELDS.year, expression),
    dayOfMonth: parseDayOfMonth(dom, expression),
    dayOfWeek: parseDayOfWeek(dow, expression),
  };
}

function isWeekday(year: number, month: number, day: number): boolean {
  const weekday = dayOfWeek(year, month, day);
  return weekday !== 1 && weekday !== 7;
}

/** `15W`: the weekday nearest the 15th, never leaving the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = dayOfWeek(year, month, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1; // Saturday: Friday, or Monday the 3rd
  if (weekday === 1) return target === last ? target - 2 : target + 1; // Sunday: Monday, or Friday
  return target;
}

function dayMatches(schedule: CronSchedule, year: number, month: number, day: number): boolean {
  const dom = schedule.dayOfMonth;
  const dow = schedule.dayOfWeek;
  if (dom.values) return dom.values.has(day);
  if (dom.special) {
    const last = daysInMonth(year, month);
    switch (dom.special.kind) {
      case 'last': return day === last;
      case 'lastWeekday': {
        let candidate = last;
        while (!isWeekday(year, month, candidate)) candidate--;
        return day === candidate;
      }
      case 'nearestWeekday': return day === nearestWeekday(year, month, dom.special.day);
    }
  }
  const weekday = dayOfWeek(year, month, day);
  if (dow.values) return dow.values.has(weekday);
  if (dow.special?.kind === 'lastOfMonth') return weekday === dow.special.weekday && day + 7 > daysInMonth(year, month);
  if (dow.special?.kind === 'nth') return weekday === dow.special.weekday && Math.ceil(day / 7) === dow.special.nth;
  return false;
}

/**
 * The first time after `after` (epoch ms) that the schedule fires, evaluated in `zone`.
 * A wall time skipped by daylight saving is skipped; a repeated one fires once (as
 * EventBridge Scheduler does). Undefined when it never fires again (past year 2199).
 */
export function nextCronTime(schedule: CronSchedule, after: number, zone: string): number | undefined {
  // Start at the next whole minute (in wall time: zones with sub-minute offsets do not exist since 1972).
  let wall = toWall(Math.floor(after / MINUTE) * MINUTE + MINUTE, zone);
  wall = Math.floor(wall / MINUTE) * MINUTE;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const f: WallFields = wallFields(wall);
    if (f.year > LAST_YEAR) return undefined;
    if (!schedule.years.has(f.year)) {
      const nextYear = [...schedule.years].filter((year) => year > f.year).sort((a, b) => a - b)[0];
      if (nextYear === undefined) return undefined;
      wall = naiveOf({ year: nextYear, month: 1, day: 1, hour: 0, minute: 0 });
      continue;
    }
    if (!schedule.months.has(f.month)) {
      wall = naiveOf({ ...f, month: f.month + 1, day: 1, hour: 0, minute: 0 });
      continue;
    }
    if (!dayMatches(schedule, f.year, f.month, f.day)) {
      wall = naiveOf({ ...f, day: f.day + 1, hour: 0, minute: 0 });
      continue;
    }
    if (!schedule.hours.has(f.hour)) {
      wall = naiveOf({ ...f, hour: f.hour + 1, minute: 0 });
      continue;
    }
    if (!schedule.minutes.has(f.minute)) {
      wall = naiveOf({ ...f, minute: f.minute + 1 });
      continue;
    }
    // The earliest instant with this wall time, if it exists and is still ahead.
    const instant = instantsOf(wall, zone).find((candidate) => candidate > after);
    const first = instantsOf(wall, zone)[0];
    if (instant !== undefined && instant === first) return instant;
    wall += MINUTE;
  }
  return undefined;
}
