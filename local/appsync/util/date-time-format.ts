import { TemplateRuntimeError } from '../runtime/types';

/**
 * Java `DateTimeFormatter` patterns (what `$util.time.*Formatted*` take): format an
 * instant in a zone, and parse text back to an instant. Locale-dependent week
 * fields (`Y`, `w`, `W`, `e`, `c`, `F`) are refused loudly rather than guessed.
 */

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'optional'; tokens: Token[] };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const QUARTERS = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];
const LOCALE_WEEK_LETTERS = new Set(['Y', 'w', 'W', 'e', 'c', 'F', 'g', 'B']);

const patternCache = new Map<string, Token[]>();

/** Splits a pattern into literals, fields and optional sections. */
export function compilePattern(pattern: string): Token[] {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const stack: Token[][] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const current = stack[stack.length - 1];
    if (/[A-Za-z]/.test(c)) {
      let count = 1;
      while (pattern[i + 1] === c) {
        count++;
        i++;
      }
      if (LOCALE_WEEK_LETTERS.has(c)) {
        throw new TemplateRuntimeError(`The date-time pattern letter '${c}' (locale-dependent week fields) in ${JSON.stringify(pattern)} is not implemented by the local cloud`);
      }
      if (!/[GuyDMLdQqEaAhKkHmsSnNVzOXxZ]/.test(c)) throw new TemplateRuntimeError(`Unknown pattern letter: ${c} (in ${JSON.stringify(pattern)})`);
      current.push({ kind: 'field', letter: c, count });
    } else if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        current.push({ kind: 'literal', text: "'" });
        i = end;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
            continue;
          }
          break;
        }
        text += pattern[j];
      }
      if (j >= pattern.length) throw new TemplateRuntimeError(`Pattern ends with an incomplete string literal: ${pattern}`);
      current.push({ kind: 'literal', text });
      i = j;
    } else if (c === '[') {
      stack.push([]);
    } else if (c === ']') {
      if (stack.length === 1) throw new TemplateRuntimeError(`Pattern invalid as it contains ] without previous [: ${pattern}`);
      const tokens = stack.pop()!;
      stack[stack.length - 1].push({ kind: 'optional', tokens });
    } else if (c === '{' || c === '}' || c === '#') {
      throw new TemplateRuntimeError(`Pattern includes reserved character: '${c}' (in ${JSON.stringify(pattern)})`);
    } else {
      const last = current[current.length - 1];
      if (last?.kind === 'literal') current[current.length - 1] = { kind: 'literal', text: last.text + c };
      else current.push({ kind: 'literal', text: c });
    }
  }
  while (stack.length > 1) {
    const tokens = stack.pop()!;
    stack[stack.length - 1].push({ kind: 'optional', tokens });
  }
  validate(stack[0], pattern);
  if (patternCache.size > 200) patternCache.clear();
  patternCache.set(pattern, stack[0]);
  return stack[0];
}

function validate(tokens: Token[], pattern: string): void {
  for (const token of tokens) {
    if (token.kind === 'optional') validate(token.tokens, pattern);
    if (token.kind !== 'field') continue;
    const { letter, count } = token;
    const max: Record<string, number> = { d: 2, h: 2, H: 2, k: 2, K: 2, m: 2, s: 2, D: 3, a: 1, M: 5, L: 5, E: 5, G: 5, Q: 5, q: 5, z: 4, O: 4, X: 5, x: 5, Z: 5, V: 2 };
    if (max[letter] !== undefined && count > max[letter]) throw new TemplateRuntimeError(`Too many pattern letters: ${letter} (in ${JSON.stringify(pattern)})`);
    if (letter === 'V' && count !== 2) throw new TemplateRuntimeError(`Pattern letter count must be 2: V (in ${JSON.stringify(pattern)})`);
    if (letter === 'O' && count !== 1 && count !== 4) throw new TemplateRuntimeError(`Pattern letter count must be 1 or 4: O (in ${JSON.stringify(pattern)})`);
  }
}

// ---------------------------------------------------------------- zones

export interface Zone {
  id: string;
  /** Offset from UTC in minutes at the instant. */
  offsetAt(epochMs: number): number;
  name(epochMs: number, style: 'short' | 'long'): string;
}

function fixedZone(id: string, minutes: number): Zone {
  return {
    id,
    offsetAt: () => minutes,
    name: () => (minutes === 0 ? (id === 'Z' ? 'Z' : id) : id),
  };
}

const zoneCache = new Map<string, Zone>();

/** Java's `ZoneId.of`: `Z`, `UTC`, `+08:00`, `-0500`, `GMT+8`, or a region such as `Australia/Perth`. */
export function zoneOf(id: unknown): Zone {
  if (id === null || id === undefined) return fixedZone('Z', 0);
  const text = String(id);
  const cached = zoneCache.get(text);
  if (cached) return cached;
  const zone = resolveZone(text);
  if (zoneCache.size > 200) zoneCache.clear();
  zoneCache.set(text, zone);
  return zone;
}

function parseOffsetText(text: string): number | undefined {
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, h, m = '0', s = '0'] = match;
  if (Number(h) > 18 || Number(m) > 59 || Number(s) > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (Number(h) * 60 + Number(m) + Number(s) / 60);
}

function resolveZone(text: string): Zone {
  if (text === 'Z') return fixedZone('Z', 0);
  if (text === 'UTC' || text === 'GMT' || text === 'UT') return fixedZone(text, 0);
  const offset = parseOffsetText(text);
  if (offset !== undefined) return fixedZone(formatOffsetId(offset), offset);
  const prefixed = /^(UTC|GMT|UT)([+-].*)$/.exec(text);
  if (prefixed) {
    const inner = parseOffsetText(prefixed[2]);
    if (inner !== undefined) return fixedZone(`${prefixed[1]}${formatOffsetId(inner)}`, inner);
  }
  let offsets: Intl.DateTimeFormat;
  let shortNames: Intl.DateTimeFormat;
  let longNames: Intl.DateTimeFormat;
  try {
    offsets = new Intl.DateTimeFormat('en-US', { timeZone: text, timeZoneName: 'longOffset' });
    shortNames = new Intl.DateTimeFormat('en-US', { timeZone: text, timeZoneName: 'short' });
    longNames = new Intl.DateTimeFormat('en-US', { timeZone: text, timeZoneName: 'long' });
  } catch {
    throw new TemplateRuntimeError(`Unknown time-zone ID: ${text}`);
  }
  const part = (format: Intl.DateTimeFormat, ms: number) => format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return {
    id: text,
    offsetAt: (ms) => {
      const name = part(offsets, ms); // "GMT+08:00" or "GMT"
      return name === 'GMT' ? 0 : (parseOffsetText(name.slice(3)) ?? 0);
    },
    name: (ms, style) => part(style === 'short' ? shortNames : longNames, ms),
  };
}

function formatOffsetId(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const total = Math.round(Math.abs(minutes) * 60);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${sign}${pad(h, 2)}:${pad(m, 2)}${s ? `:${pad(s, 2)}` : ''}`;
}

// ---------------------------------------------------------------- formatting

function pad(value: number, width: number): string {
  const text = String(Math.abs(value));
  return (value < 0 ? '-' : '') + text.padStart(width, '0');
}

function offsetText(minutes: number, letter: string, count: number): string {
  const totalSeconds = Math.round(minutes * 60);
  const sign = totalSeconds < 0 ? '-' : '+';
  const abs = Math.abs(totalSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const hh = pad(h, 2);
  const mm = pad(m, 2);
  const ss = pad(s, 2);
  if (letter === 'O') {
    if (totalSeconds === 0) return 'GMT';
    if (count === 1) return `GMT${sign}${h}${m || s ? `:${mm}` : ''}${s ? `:${ss}` : ''}`;
    return `GMT${sign}${hh}:${mm}${s ? `:${ss}` : ''}`;
  }
  if (letter === 'Z') {
    if (count <= 3) return `${sign}${hh}${mm}`;
    if (count === 4) return totalSeconds === 0 ? 'GMT' : `GMT${sign}${hh}:${mm}${s ? `:${ss}` : ''}`;
    return totalSeconds === 0 ? 'Z' : `${sign}${hh}:${mm}${s ? `:${ss}` : ''}`;
  }
  // X and x: X prints Z for zero.
  if (letter === 'X' && totalSeconds === 0) return 'Z';
  switch (count) {
    case 1: return `${sign}${hh}${m ? mm : ''}`;
    case 2: return `${sign}${hh}${mm}`;
    case 3: return `${sign}${hh}:${mm}`;
    case 4: return `${sign}${hh}${mm}${s ? ss : ''}`;
    default: return `${sign}${hh}:${mm}${s ? `:${ss}` : ''}`;
  }
}

interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  dayOfYear: number;
  dayOfWeek: number; // 1 = Monday
  hour: number;
  minute: number;
  second: number;
  milli: number;
}

function fieldsAt(epochMs: number, offsetMinutes: number): Fields {
  const local = new Date(epochMs + Math.round(offsetMinutes * 60_000));
  const year = local.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    dayOfYear: Math.floor((local.getTime() - startOfYear) / 86_400_000) + 1,
    dayOfWeek: ((local.getUTCDay() + 6) % 7) + 1,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    milli: local.getUTCMilliseconds(),
  };
}

function text(names: string[], index: number, count: number): string {
  const name = names[index];
  if (count <= 3) return name.slice(0, 3);
  if (count === 4) return name;
  return name[0];
}

function formatField(letter: string, count: number, f: Fields, zone: Zone, epochMs: number, offset: number): string {
  switch (letter) {
    case 'G': return count === 4 ? (f.year > 0 ? 'Anno Domini' : 'Before Christ') : count === 5 ? (f.year > 0 ? 'A' : 'B') : f.year > 0 ? 'AD' : 'BC';
    case 'u':
    case 'y': {
      const year = letter === 'y' && f.year <= 0 ? 1 - f.year : f.year;
      if (count === 2) return pad(((year % 100) + 100) % 100, 2);
      return count === 1 ? String(year) : pad(year, count);
    }
    case 'M':
    case 'L': return count >= 3 ? text(MONTHS, f.month - 1, count) : pad(f.month, count);
    case 'd': return pad(f.day, count);
    case 'D': return pad(f.dayOfYear, count);
    case 'Q':
    case 'q': {
      const quarter = Math.floor((f.month - 1) / 3) + 1;
      if (count <= 2) return pad(quarter, count);
      if (count === 3) return `Q${quarter}`;
      if (count === 4) return QUARTERS[quarter - 1];
      return String(quarter);
    }
    case 'E': return text(DAYS, f.dayOfWeek - 1, count);
    case 'a': return f.hour < 12 ? 'AM' : 'PM';
    case 'h': return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'K': return pad(f.hour % 12, count);
    case 'k': return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'H': return pad(f.hour, count);
    case 'm': return pad(f.minute, count);
    case 's': return pad(f.second, count);
    case 'S': return String(f.milli).padStart(3, '0').padEnd(count, '0').slice(0, count);
    case 'A': return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.milli, count);
    case 'n': return pad(f.milli * 1_000_000, count);
    case 'N': return pad((((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.milli) * 1_000_000, count);
    case 'V': return zone.id;
    case 'z': return zone.name(epochMs, count === 4 ? 'long' : 'short') || zone.id;
    case 'O':
    case 'X':
    case 'x':
    case 'Z': return offsetText(offset, letter, count);
    default: throw new TemplateRuntimeError(`Unknown pattern letter: ${letter}`);
  }
}

function formatTokens(tokens: Token[], f: Fields, zone: Zone, epochMs: number, offset: number): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') out += token.text;
    else if (token.kind === 'optional') out += formatTokens(token.tokens, f, zone, epochMs, offset);
    else out += formatField(token.letter, token.count, f, zone, epochMs, offset);
  }
  return out;
}

/**
 * Formats an instant with a Java pattern in a zone.
 * @example
 * formatInstant(1517943695750, 'yyyy-MM-dd HH:mm:ssZ', zoneOf('+08:00')) // '2018-02-07 03:01:35+0800'
 */
export function formatInstant(epochMs: number, pattern: string, zone: Zone): string {
  const tokens = compilePattern(pattern);
  const offset = zone.offsetAt(epochMs);
  return formatTokens(tokens, fieldsAt(epochMs, offset), zone, epochMs, offset);
}

// ---------------------------------------------------------------- parsing

interface Parsed {
  year?: number;
  twoDigitYear?: boolean;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  nanos?: number;
  offset?: number;
  zone?: Zone;
}

class ParseFailure extends Error {}

const NUMERIC = new Set(['u', 'y', 'M', 'L', 'd', 'D', 'Q', 'q', 'h', 'K', 'k', 'H', 'm', 's', 'S', 'A', 'n', 'N']);

function isNumericToken(token: Token | undefined): token is { kind: 'field'; letter: string; count: number } {
  return token?.kind === 'field' && NUMERIC.has(token.letter) && !((token.letter === 'M' || token.letter === 'L' || token.letter === 'Q' || token.letter === 'q') && token.count >= 3);
}

/** Fixed width of a numeric field, or undefined when it is variable. */
function fixedWidth(token: { letter: string; count: number }): number | undefined {
  if (token.letter === 'S') return token.count;
  if (token.count === 1 && token.letter !== 'S') return undefined;
  if (token.letter === 'y' || token.letter === 'u') return token.count === 2 ? 2 : undefined;
  if (token.letter === 'D' && token.count === 2) return undefined;
  return token.count;
}

function parseTokens(tokens: Token[], input: string, start: number, out: Parsed): number {
  let pos = start;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.kind === 'literal') {
      if (!input.startsWith(token.text, pos)) throw new ParseFailure(`expected ${JSON.stringify(token.text)} at index ${pos}`);
      pos += token.text.length;
      continue;
    }
    if (token.kind === 'optional') {
      const trial: Parsed = { ...out };
      try {
        pos = parseTokens(token.tokens, input, pos, trial);
        Object.assign(out, trial);
      } catch (error) {
        if (!(error instanceof ParseFailure)) throw error;
      }
      continue;
    }
    if (isNumericToken(token)) {
      // Adjacent value parsing: a variable-width field leaves room for the fixed-width ones after it.
      let reserve = 0;
      for (let k = t + 1; k < tokens.length && isNumericToken(tokens[k]); k++) reserve += fixedWidth(tokens[k] as { letter: string; count: number }) ?? 1;
      let end = pos;
      while (end < input.length && input.charCodeAt(end) >= 48 && input.charCodeAt(end) <= 57) end++;
      const width = fixedWidth(token);
      let take: number;
      if (width !== undefined) take = width;
      else take = Math.max(token.count, Math.min(end - pos - reserve, 19));
      if (end - pos < take || take <= 0) throw new ParseFailure(`expected ${take > 0 ? take : 'a'} digit(s) for '${token.letter}' at index ${pos}`);
      const digits = input.slice(pos, pos + take);
      pos += take;
      assignNumber(out, token.letter, token.count, digits);
      continue;
    }
    pos = parseText(token as { letter: string; count: number }, input, pos, out);
  }
  return pos;
}

function assignNumber(out: Parsed, letter: string, count: number, digits: string): void {
  const value = Number(digits);
  switch (letter) {
    case 'u':
    case 'y':
      out.year = value;
      out.twoDigitYear = count === 2;
      break;
    case 'M':
    case 'L': out.month = value; break;
    case 'd': out.day = value; break;
    case 'D': out.dayOfYear = value; break;
    case 'Q':
    case 'q': if (out.month === undefined) out.month = (value - 1) * 3 + 1; break;
    case 'H': out.hour = value; break;
    case 'k': out.hour = value === 24 ? 0 : value; break;
    case 'h': out.hour12 = value === 12 ? 0 : value; break;
    case 'K': out.hour12 = value; break;
    case 'm': out.minute = value; break;
    case 's': out.second = value; break;
    case 'S': out.nanos = Number(digits.padEnd(9, '0').slice(0, 9)); break;
    case 'n': out.nanos = value; break;
    case 'A': {
      out.hour = Math.floor(value / 3_600_000);
      out.minute = Math.floor(value / 60_000) % 60;
      out.second = Math.floor(value / 1000) % 60;
      out.nanos = (value % 1000) * 1_000_000;
      break;
    }
    case 'N': {
      const ms = Math.floor(value / 1_000_000);
      assignNumber(out, 'A', 1, String(ms));
      out.nanos = value % 1_000_000_000;
      break;
    }
    default: break;
  }
}

function matchName(names: string[], input: string, pos: number, count: number): number {
  const candidates = names.map((name, index) => ({ index, text: count === 4 ? name : count === 5 ? name[0] : name.slice(0, 3) }));
  candidates.sort((a, b) => b.text.length - a.text.length);
  const found = candidates.find((c) => input.startsWith(c.text, pos));
  if (!found) throw new ParseFailure(`expected a name at index ${pos}`);
  return found.index;
}

function parseOffsetAt(input: string, pos: number, letter: string, count: number): { minutes: number; end: number } {
  if ((letter === 'X' || (letter === 'Z' && count === 5)) && input[pos] === 'Z') return { minutes: 0, end: pos + 1 };
  let at = pos;
  if (letter === 'O' || (letter === 'Z' && count === 4)) {
    if (!input.startsWith('GMT', at)) throw new ParseFailure(`expected GMT at index ${pos}`);
    at += 3;
    if (input[at] !== '+' && input[at] !== '-') return { minutes: 0, end: at };
  }
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(input.slice(at));
  if (!match) throw new ParseFailure(`expected an offset at index ${pos}`);
  const minutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0) + Number(match[4] ?? 0) / 60);
  return { minutes, end: at + match[0].length };
}

function parseText(token: { letter: string; count: number }, input: string, pos: number, out: Parsed): number {
  const { letter, count } = token;
  switch (letter) {
    case 'M':
    case 'L': {
      const index = matchName(MONTHS, input, pos, count);
      out.month = index + 1;
      return pos + (count === 4 ? MONTHS[index].length : count === 5 ? 1 : 3);
    }
    case 'E': {
      const index = matchName(DAYS, input, pos, count);
      return pos + (count === 4 ? DAYS[index].length : count === 5 ? 1 : 3);
    }
    case 'Q':
    case 'q': {
      const match = count === 3 ? /^Q([1-4])/.exec(input.slice(pos)) : /^([1-4])(st|nd|rd|th) quarter/.exec(input.slice(pos));
      if (!match) throw new ParseFailure(`expected a quarter at index ${pos}`);
      if (out.month === undefined) out.month = (Number(match[1]) - 1) * 3 + 1;
      return pos + match[0].length;
    }
    case 'a': {
      const marker = input.slice(pos, pos + 2);
      if (marker !== 'AM' && marker !== 'PM') throw new ParseFailure(`expected AM or PM at index ${pos}`);
      out.pm = marker === 'PM';
      return pos + 2;
    }
    case 'G': {
      const match = /^(AD|BC|Anno Domini|Before Christ|A|B)/.exec(input.slice(pos));
      if (!match) throw new ParseFailure(`expected an era at index ${pos}`);
      return pos + match[0].length;
    }
    case 'V':
    case 'z': {
      const match = /^[A-Za-z][A-Za-z0-9_+\-/]*/.exec(input.slice(pos));
      if (!match) throw new ParseFailure(`expected a zone at index ${pos}`);
      try {
        out.zone = zoneOf(match[0]);
      } catch {
        throw new ParseFailure(`unknown zone ${match[0]}`);
      }
      return pos + match[0].length;
    }
    case 'O':
    case 'X':
    case 'x':
    case 'Z': {
      const { minutes, end } = parseOffsetAt(input, pos, letter, count);
      out.offset = minutes;
      return end;
    }
    default:
      throw new ParseFailure(`cannot parse pattern letter ${letter}`);
  }
}

/**
 * Parses text with a Java pattern to epoch milliseconds. A zone or offset in the
 * text wins; otherwise `zone` (UTC by default). Missing date fields default to
 * January 1st, missing time fields to midnight.
 * @example
 * parseToEpochMs('2018-02-01 17:56:32+0000', 'yyyy-MM-dd HH:mm:ssZ', zoneOf('UTC')) // 1517507792000
 */
export function parseToEpochMs(input: string, pattern: string, zone: Zone): number {
  const tokens = compilePattern(pattern);
  const parsed: Parsed = {};
  let end: number;
  try {
    end = parseTokens(tokens, input, 0, parsed);
  } catch (error) {
    if (error instanceof ParseFailure) throw new TemplateRuntimeError(`Text '${input}' could not be parsed with pattern '${pattern}': ${error.message}`);
    throw error;
  }
  if (end !== input.length) throw new TemplateRuntimeError(`Text '${input}' could not be parsed with pattern '${pattern}', unparsed text found at index ${end}`);
  let year = parsed.year ?? 1970;
  if (parsed.twoDigitYear) year += 2000;
  let hour = parsed.hour ?? 0;
  if (parsed.hour12 !== undefined) hour = parsed.hour12 + (parsed.pm ? 12 : 0);
  else if (parsed.pm !== undefined && parsed.hour !== undefined && parsed.pm && hour < 12) hour += 12;
  let localMs: number;
  if (parsed.dayOfYear !== undefined && parsed.month === undefined) localMs = Date.UTC(year, 0, parsed.dayOfYear, hour, parsed.minute ?? 0, parsed.second ?? 0);
  else localMs = Date.UTC(year, (parsed.month ?? 1) - 1, parsed.day ?? 1, hour, parsed.minute ?? 0, parsed.second ?? 0);
  const month = parsed.month ?? 1;
  const check = new Date(localMs);
  if (parsed.dayOfYear === undefined && (check.getUTCMonth() + 1 !== month || check.getUTCDate() !== (parsed.day ?? 1))) {
    throw new TemplateRuntimeError(`Text '${input}' could not be parsed: invalid date`);
  }
  if (year >= 0 && year < 100 && !parsed.twoDigitYear) localMs = new Date(localMs).setUTCFullYear(year);
  localMs += Math.floor((parsed.nanos ?? 0) / 1_000_000);
  if (parsed.offset !== undefined) return localMs - Math.round(parsed.offset * 60_000);
  const effective = parsed.zone ?? zone;
  // A region's offset depends on the instant: settle it from the local time (two passes cover DST edges).
  let offset = effective.offsetAt(localMs);
  offset = effective.offsetAt(localMs - offset * 60_000);
  return localMs - Math.round(offset * 60_000);
}

/** ISO-8601 instants as AppSync reads them: `2018-02-01T17:56:32Z`, `…32.123+08:00`, `…32-0500`. */
export function parseIso8601(input: string): number | undefined {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?(?::?\d{2})?)(?:\[[^\]]+\])?$/.exec(input);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = match;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(local);
  if (check.getUTCMonth() + 1 !== Number(mo) || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  const offset = zone === 'Z' ? 0 : (parseOffsetText(zone) ?? 0);
  return local + millis - Math.round(offset * 60_000);
}
