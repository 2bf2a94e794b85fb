/**
 * Event filtering as event-source mappings apply `FilterCriteria`: each filter's Pattern is
 * an EventBridge event pattern, and a record passes when any filter matches it. Supported:
 * exact values, `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (values or a
 * prefix), `numeric` comparisons and `exists`; other operators fail loudly.
 */

type Matcher = unknown;

export class UnsupportedFilterError extends Error {
  constructor(operator: string) {
    super(`the filter operator ${JSON.stringify(operator)} is not supported by the local event-source mappings`);
    this.name = 'UnsupportedFilterError';
  }
}

/** Parses and checks every filter of a mapping's FilterCriteria; throws on what cannot be run. */
export function compileFilters(criteria: unknown): ((record: unknown) => boolean) | undefined {
  const filters = (criteria as { Filters?: { Pattern?: string }[] } | undefined)?.Filters;
  if (!filters || filters.length === 0) return undefined;
  const patterns = filters.map((filter) => JSON.parse(filter.Pattern ?? '{}') as Record<string, unknown>);
  for (const pattern of patterns) check(pattern);
  return (record) => patterns.some((pattern) => matchesObject(pattern, record));
}

const OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists']);

function check(pattern: unknown): void {
  if (Array.isArray(pattern)) {
    for (const matcher of pattern) {
      if (matcher && typeof matcher === 'object') for (const operator of Object.keys(matcher)) if (!OPERATORS.has(operator)) throw new UnsupportedFilterError(operator);
    }
    return;
  }
  if (pattern && typeof pattern === 'object') for (const value of Object.values(pattern)) check(value);
}

function matchesObject(pattern: Record<string, unknown>, value: unknown): boolean {
  const object = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return Object.entries(pattern).every(([key, sub]) => {
    const present = Object.hasOwn(object, key);
    if (Array.isArray(sub)) return matchesList(sub, present ? object[key] : undefined, present);
    return present && matchesObject(sub as Record<string, unknown>, object[key]);
  });
}

function matchesList(matchers: Matcher[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return matchers.some((matcher) => {
    if (matcher && typeof matcher === 'object' && 'exists' in matcher) return (matcher as { exists: boolean }).exists === present;
    if (!present) return false;
    return values.some((item) => matchesOne(matcher, item));
  });
}

function matchesOne(matcher: Matcher, value: unknown): boolean {
  if (matcher === null || typeof matcher !== 'object') return matcher === value;
  const [operator, argument] = Object.entries(matcher as Record<string, unknown>)[0];
  switch (operator) {
    case 'prefix': return typeof value === 'string' && value.startsWith(String(argument));
    case 'suffix': return typeof value === 'string' && value.endsWith(String(argument));
    case 'equals-ignore-case': return typeof value === 'string' && value.toLowerCase() === String(argument).toLowerCase();
    case 'anything-but': {
      if (argument && typeof argument === 'object' && !Array.isArray(argument)) return !matchesOne(argument, value);
      return !(Array.isArray(argument) ? argument : [argument]).includes(value);
    }
    case 'numeric': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (Number.isNaN(number)) return false;
      const terms = argument as (string | number)[];
      for (let i = 0; i < terms.length; i += 2) {
        const bound = Number(terms[i + 1]);
        const ok = { '<': number < bound, '<=': number <= bound, '=': number === bound, '>': number > bound, '>=': number >= bound }[String(terms[i])];
        if (!ok) return false;
      }
      return true;
    }
    default: return false;
  }
}
