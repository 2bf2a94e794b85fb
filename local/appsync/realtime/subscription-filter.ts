/**
 * AppSync's enhanced subscription filters, evaluated against a mutation's result:
 * `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }` — a message is
 * delivered when any group matches, and a group matches when all its filters do.
 */
export interface FilterCondition {
  fieldName: string;
  operator: string;
  value?: unknown;
}

export interface FilterGroupSet {
  filterGroup: { filters: FilterCondition[] }[];
}

/** AppSync's limits on one subscription's filters. */
export const FILTER_LIMITS = { groups: 10, filtersPerGroup: 5, valuesPerList: 5 } as const;

/** A filter AppSync would refuse at subscribe time. */
export class InvalidFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFilterError';
  }
}

function read(payload: unknown, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a !== null && b !== null;
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function test(actual: unknown, operator: string, expected: unknown): boolean {
  const present = actual !== undefined && actual !== null;
  switch (operator) {
    case 'eq':
      return present ? same(actual, expected) : expected === null;
    case 'ne':
      return present ? !same(actual, expected) : expected !== null;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const order = compare(actual, expected);
      if (order === undefined) return false;
      return operator === 'lt' ? order < 0 : operator === 'le' ? order <= 0 : operator === 'gt' ? order > 0 : order >= 0;
    }
    case 'contains':
      if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
      return Array.isArray(actual) && actual.some((item) => same(item, expected));
    case 'notContains':
      if (typeof actual === 'string') return !(typeof expected === 'string' && actual.includes(expected));
      return !Array.isArray(actual) || !actual.some((item) => same(item, expected));
    case 'beginsWith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    case 'in':
      return Array.isArray(expected) && present && expected.some((item) => same(actual, item));
    case 'notIn':
      return !(Array.isArray(expected) && present && expected.some((item) => same(actual, item)));
    case 'between': {
      if (!Array.isArray(expected) || expected.length !== 2) return false;
      const low = compare(actual, expected[0]);
      const high = compare(actual, expected[1]);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'containsAny':
      return Array.isArray(actual) && Array.isArray(expected) && expected.some((item) => actual.some((a) => same(a, item)));
    case 'attributeExists':
      return present === Boolean(expected);
    default:
      return false;
  }
}

/** Checks a filter set against AppSync's limits and operators; throws InvalidFilterError. */
export function validateFilter(filter: FilterGroupSet): void {
  if (!Array.isArray(filter.filterGroup)) throw new InvalidFilterError('A subscription filter needs a filterGroup list');
  if (filter.filterGroup.length > FILTER_LIMITS.groups) {
    throw new InvalidFilterError(`A subscription filter has at most ${FILTER_LIMITS.groups} filter groups (got ${filter.filterGroup.length})`);
  }
  for (const group of filter.filterGroup) {
    if (group.filters.length > FILTER_LIMITS.filtersPerGroup) {
      throw new InvalidFilterError(`A filter group has at most ${FILTER_LIMITS.filtersPerGroup} filters (got ${group.filters.length})`);
    }
    for (const condition of group.filters) {
      if (['in', 'notIn', 'containsAny'].includes(condition.operator) && Array.isArray(condition.value) && condition.value.length > FILTER_LIMITS.valuesPerList) {
        throw new InvalidFilterError(`The ${condition.operator} operator takes at most ${FILTER_LIMITS.valuesPerList} values (got ${condition.value.length} on ${condition.fieldName})`);
      }
    }
  }
}

/** Whether `payload` passes every filter set (each set as AppSync evaluates one). */
export function matchesFilters(payload: unknown, filters: readonly FilterGroupSet[]): boolean {
  return filters.every((set) =>
    set.filterGroup.length === 0 ||
    set.filterGroup.some((group) => group.filters.every((condition) => test(read(payload, condition.fieldName), condition.operator, condition.value))),
  );
}

/**
 * AppSync's basic filtering: a subscription argument that names a field of the
 * result delivers only results whose field equals it; null arguments match all.
 */
export function matchesArguments(payload: unknown, args: Readonly<Record<string, unknown>>, resultFields: ReadonlySet<string>): boolean {
  for (const [name, expected] of Object.entries(args)) {
    if (expected === null || expected === undefined || !resultFields.has(name)) continue;
    if (!same(read(payload, name), expected)) return false;
  }
  return true;
}
