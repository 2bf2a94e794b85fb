/**
 * Wall-clock time in an IANA time zone, from Intl alone. A wall time is kept as a
 * "naive" epoch value: the UTC instant that has the same calendar fields.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface WallFields {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Per-zone formatters are costly to build; a module-level cache of immutable ones is safe to share. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows the zone (`America/New_York`, `UTC`…). */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';
}

/** The wall time (naive epoch) at `instant` in `zone`. */
export function toWall(instant: number, zone: string): number {
  if (isUtc(zone)) return instant;
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second')) + (instant % 1000 + 1000) % 1000;
}

export function wallFields(naive: number): WallFields {
  const date = new Date(naive);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes() };
}

export function naiveOf(fields: WallFields): number {
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute);
}

/**
 * The instants whose wall time in `zone` is `naive`: none in a daylight-saving gap,
 * two in the hour repeated when clocks go back, else one. Sorted.
 */
export function instantsOf(naive: number, zone: string): number[] {
  if (isUtc(zone)) return [naive];
  const offsets = new Set([toWall(naive - 12 * HOUR, zone) - (naive - 12 * HOUR), toWall(naive + 12 * HOUR, zone) - (naive + 12 * HOUR)]);
  const out: number[] = [];
  for (const offset of offsets) {
    const instant = naive - offset;
    if (toWall(instant, zone) === naive && !out.includes(instant)) out.push(instant);
  }
  return out.sort((a, b) => a - b);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday, as AWS cron numbers days of the week. */
export function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}
