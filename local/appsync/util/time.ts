import { TemplateRuntimeError } from '../runtime/types';
import { formatInstant, parseIso8601, parseToEpochMs, zoneOf } from './date-time-format';
import { requireNumber, requireString } from './values';

/**
 * `$util.time` / `util.time`: timestamps, conversions between epoch and ISO-8601,
 * and Java `DateTimeFormatter` patterns with an optional zone (`Z`, `+08:00`,
 * `Australia/Perth`).
 * @example
 * const time = createTime(() => Date.now());
 * time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', '+08:00') // '2018-02-07 03:01:35+0800'
 */
export function createTime(now: () => number = Date.now) {
  return {
    /** `2018-02-06T19:01:35.749Z` */
    nowISO8601: (): string => new Date(now()).toISOString(),
    nowEpochSeconds: (): number => Math.floor(now() / 1000),
    nowEpochMilliSeconds: (): number => now(),
    nowFormatted: (format: unknown, timezone?: unknown): string =>
      formatInstant(now(), requireString('$util.time.nowFormatted', format, 1), zoneOf(timezone)),
    parseFormattedToEpochMilliSeconds: (text: unknown, format: unknown, timezone?: unknown): number =>
      parseToEpochMs(
        requireString('$util.time.parseFormattedToEpochMilliSeconds', text, 1),
        requireString('$util.time.parseFormattedToEpochMilliSeconds', format, 2),
        zoneOf(timezone),
      ),
    parseISO8601ToEpochMilliSeconds: (text: unknown): number => {
      const input = requireString('$util.time.parseISO8601ToEpochMilliSeconds', text);
      const ms = parseIso8601(input);
      if (ms === undefined) throw new TemplateRuntimeError(`$util.time.parseISO8601ToEpochMilliSeconds: Text '${input}' could not be parsed as an ISO-8601 date-time`);
      return ms;
    },
    epochMilliSecondsToSeconds: (ms: unknown): number => Math.floor(requireNumber('$util.time.epochMilliSecondsToSeconds', ms) / 1000),
    epochMilliSecondsToISO8601: (ms: unknown): string => isoOf(requireNumber('$util.time.epochMilliSecondsToISO8601', ms)),
    epochMilliSecondsToFormatted: (ms: unknown, format: unknown, timezone?: unknown): string =>
      formatInstant(
        requireNumber('$util.time.epochMilliSecondsToFormatted', ms, 1),
        requireString('$util.time.epochMilliSecondsToFormatted', format, 2),
        zoneOf(timezone),
      ),
  };
}

function isoOf(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new TemplateRuntimeError(`$util.time.epochMilliSecondsToISO8601: ${ms} is out of range`);
  return date.toISOString();
}

export type TimeUtils = ReturnType<typeof createTime>;
