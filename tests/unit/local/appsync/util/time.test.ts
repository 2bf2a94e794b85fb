/**
 * `$util.time`: the examples of AppSync's reference, Java DateTimeFormatter
 * patterns, zones, and the errors for what cannot be parsed or formatted.
 */
import { describe, expect, it } from 'vitest';
import { TemplateRuntimeError } from '../../../../../local/appsync/runtime/types';
import { createTime } from '../../../../../local/appsync/util/time';

const NOW = 1517943695749; // 2018-02-06T19:01:35.749Z
const time = createTime(() => NOW);

describe('functionality: AppSync’s documented examples', () => {
  it('now in ISO-8601, epoch seconds and milliseconds', () => {
    expect(time.nowISO8601()).toBe('2018-02-06T19:01:35.749Z');
    expect(time.nowEpochSeconds()).toBe(1517943695);
    expect(time.nowEpochMilliSeconds()).toBe(NOW);
  });

  it('nowFormatted in UTC, at an offset and in a region', () => {
    expect(time.nowFormatted('yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', '+08:00')).toBe('2018-02-07 03:01:35+0800');
    expect(time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe('2018-02-07 03:01:35+0800');
  });

  it('parseFormattedToEpochMilliSeconds, with the zone in the text or as an argument', () => {
    expect(time.parseFormattedToEpochMilliSeconds('2018-02-01 17:56:32+0000', 'yyyy-MM-dd HH:mm:ssZ')).toBe(1517507792000);
    expect(time.parseFormattedToEpochMilliSeconds('2018-02-01 17:56:32', 'yyyy-MM-dd HH:mm:ss', '+08:00')).toBe(1517478992000);
  });

  it('parseISO8601ToEpochMilliSeconds', () => {
    expect(time.parseISO8601ToEpochMilliSeconds('2018-02-01T17:57:47.836Z')).toBe(1517507867836);
    expect(time.parseISO8601ToEpochMilliSeconds('2018-02-02T01:57:47.836+08:00')).toBe(1517507867836);
  });

  it('epoch conversions', () => {
    expect(time.epochMilliSecondsToSeconds(1517943695750)).toBe(1517943695);
    expect(time.epochMilliSecondsToISO8601(1517943695750)).toBe('2018-02-06T19:01:35.750Z');
    expect(time.epochMilliSecondsToFormatted(1517943695750, 'yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(time.epochMilliSecondsToFormatted(1517943695750, 'yyyy-MM-dd HH:mm:ssZ', '+08:00')).toBe('2018-02-07 03:01:35+0800');
  });
});

describe('functionality: DateTimeFormatter patterns', () => {
  it.each([
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2018-02-06T19:01:35.749Z'],
    ['EEE, d MMM yyyy HH:mm:ss', 'Tue, 6 Feb 2018 19:01:35'],
    ['EEEE MMMM dd yy', 'Tuesday February 06 18'],
    ['h:mm a', '7:01 PM'],
    ['D QQQ', '37 Q1'],
    ["'at' HH 'o''clock'", "at 19 o'clock"],
    ['yyyyMMddHHmmssSSS', '20180206190135749'],
    ['xxx XX Z ZZZZ ZZZZZ', '+00:00 Z +0000 GMT Z'],
    ['uuuu-MM-dd[ HH:mm]', '2018-02-06 19:01'],
    ['kk KK', '19 07'],
  ])('formats %s', (pattern, expected) => {
    expect(time.nowFormatted(pattern)).toBe(expected);
  });

  it('offsets and zone names in a region with daylight saving', () => {
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2018, 6, 1, 12), 'HH:mm XXX VV', 'America/New_York')).toBe('08:00 -04:00 America/New_York');
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2018, 0, 1, 12), 'HH:mm XXX z', 'America/New_York')).toBe('07:00 -05:00 EST');
  });

  it.each([
    ['20180201175632', 'yyyyMMddHHmmss', 1517507792000],
    ['01/02/2018 05:56:32 PM', 'dd/MM/yyyy hh:mm:ss a', 1517507792000],
    ['Thu, 1 Feb 2018 17:56:32 GMT', 'EEE, d MMM yyyy HH:mm:ss z', 1517507792000],
    ['2018-02-01T17:56:32.5-05:00', "yyyy-MM-dd'T'HH:mm:ss.SXXX", 1517525792500],
    ['2018-02-01', 'yyyy-MM-dd', 1517443200000],
  ])('parses %s with %s', (text, pattern, expected) => {
    expect(time.parseFormattedToEpochMilliSeconds(text, pattern)).toBe(expected);
  });

  it('round-trips through a region across daylight saving', () => {
    const summer = Date.UTC(2018, 6, 1, 12, 30);
    const text = time.epochMilliSecondsToFormatted(summer, 'yyyy-MM-dd HH:mm', 'Europe/Paris');
    expect(text).toBe('2018-07-01 14:30');
    expect(time.parseFormattedToEpochMilliSeconds(text, 'yyyy-MM-dd HH:mm', 'Europe/Paris')).toBe(summer);
  });
});

describe('validation', () => {
  it('text that does not match the pattern is a TemplateRuntimeError naming both', () => {
    expect(() => time.parseFormattedToEpochMilliSeconds('2018/02/01', 'yyyy-MM-dd')).toThrow(TemplateRuntimeError);
    expect(() => time.parseFormattedToEpochMilliSeconds('2018/02/01', 'yyyy-MM-dd')).toThrow("Text '2018/02/01' could not be parsed with pattern 'yyyy-MM-dd'");
    expect(() => time.parseFormattedToEpochMilliSeconds('2018-02-30', 'yyyy-MM-dd')).toThrow('invalid date');
  });

  it('an unknown zone, an unknown pattern letter and locale week fields are refused', () => {
    expect(() => time.nowFormatted('yyyy', 'Mars/Olympus')).toThrow('Unknown time-zone ID: Mars/Olympus');
    expect(() => time.nowFormatted('yyyy-bb')).toThrow('Unknown pattern letter: b');
    expect(() => time.nowFormatted('YYYY-ww')).toThrow("The date-time pattern letter 'Y'");
  });

  it('a malformed ISO-8601 date and non-string arguments are refused', () => {
    expect(() => time.parseISO8601ToEpochMilliSeconds('2018-02-01')).toThrow('could not be parsed as an ISO-8601 date-time');
    expect(() => time.nowFormatted(12)).toThrow('argument 1 must be a String');
  });
});
