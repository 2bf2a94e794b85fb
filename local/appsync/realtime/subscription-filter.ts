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

/**
 * AppSync's limits on one subscription's filters (developer guide, "Extensions":
 * filterJsonObject exceptions).
 */
export const FILTER_LIMITS = {
  groups: 10,
  fieldsPerGroup: 5,
  valuesPerList: 5,
  containsAnyValues: 20,
  stringLength: 256,
} as const;

const OPERATORS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny', 'attributeExists']);
const LIST_OPERATORS = new Set(['in', 'notIn', 'containsAny', 'between']);

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

/** Basic (argument) filtering: numbers compare by value, whatever their written form. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a !== null && b !== null;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Filter operators: "strictly equal", so a string never equals a number. */
function strictlyEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  return typeof a === 'object' && a !== null ? JSON.stringify(a) === JSON.stringify(b) : a === b;
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
      return present ? strictlyEqual(actual, expected) : expected === null;
    case 'ne':
      return present ? !strictlyEqual(actual, expected) : expected !== null;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const order = compare(actual, expected);
      if (order === undefined) return false;
      return operator === 'lt' ? order < 0 : operator === 'le' ? order <= 0 : operator === 'gt' ? order > 0 : order >= 0;
    }
    case 'contains':
      return present && contains(actual, expected);
    case 'notContains':
      return !(present && contains(actual, expected));
    case 'beginsWith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    case 'in':
      return Array.isArray(expected) && present && expected.some((item) => strictlyEqual(actual, item));
    case 'notIn':
      return !(Array.isArray(expected) && present && expected.some((item) => strictlyEqual(actual, item)));
    case 'between': {
      // AppSync's own example: between [1,5] matches 2, 3 and 4 — the bounds are excluded.
      if (!Array.isArray(expected) || expected.length !== 2) return false;
      const low = compare(actual, expected[0]);
      const high = compare(actual, expected[1]);
      return low !== undefined && high !== undefined && low > 0 && high < 0;
    }
    case 'containsAny':
      return Array.isArray(actual) && Array.isArray(expected) && expected.some((item) => actual.some((a) => strictlyEqual(a, item)));
    case 'attributeExists':
      return present === Boolean(expected);
    default:
      return false;
  }
}

/** "A substring, subsequence, or value in a set or single item". */
function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => strictlyEqual(item, expected));
  return strictlyEqual(actual, expected);
}

/** Checks a filter set against AppSync's limits and operators; throws InvalidFilterError. */
export function validateFilter(filter: FilterGroupSet): void {
  if (!Array.isArray(filter?.filterGroup)) throw new InvalidFilterError('A subscription filter needs a filterGroup list');
  if (filter.filterGroup.length > FILTER_LIMITS.groups) {
    throw new InvalidFilterError(`A subscription filter has at most ${FILTER_LIMITS.groups} filter groups (got ${filter.filterGroup.length})`);
  }
  // AppSync evaluates an `in` as one group per value, and those count towards the group limit.
  let expandedGroups = 0;
  for (const group of filter.filterGroup) {
    if (!Array.isArray(group?.filters)) throw new InvalidFilterError('A filter group needs a filters list');
    const fields = new Set(group.filters.map((condition) => condition?.fieldName));
    if (fields.size > FILTER_LIMITS.fieldsPerGroup) {
      throw new InvalidFilterError(`A filter group has at most ${FILTER_LIMITS.fieldsPerGroup} unique field names (got ${fields.size})`);
    }
    let expansions = 1;
    for (const condition of group.filters) {
      validateCondition(condition);
      if (condition.operator === 'in') expansions *= Math.max(1, (condition.value as unknown[]).length);
    }
    expandedGroups += expansions;
  }
  if (expandedGroups > FILTER_LIMITS.groups) {
    throw new InvalidFilterError(`A subscription filter has at most ${FILTER_LIMITS.groups} filter groups (got ${expandedGroups} once in lists are expanded)`);
  }
}

function validateCondition(condition: FilterCondition): void {
  if (typeof condition?.fieldName !== 'string' || condition.fieldName === '') throw new InvalidFilterError('A filter needs a fieldName');
  const { fieldName, operator, value } = condition;
  if (!OPERATORS.has(operator)) throw new InvalidFilterError(`Unknown subscription filter operator ${operator} on ${fieldName}`);
  if (LIST_OPERATORS.has(operator) && !Array.isArray(value)) throw new InvalidFilterError(`The ${operator} operator on ${fieldName} needs a list of values`);
  if (operator === 'between' && (value as unknown[]).length !== 2) throw new InvalidFilterError(`The between operator on ${fieldName} needs a list of two values`);
  const maxValues = operator === 'containsAny' ? FILTER_LIMITS.containsAnyValues : operator === 'in' || operator === 'notIn' ? FILTER_LIMITS.valuesPerList : Infinity;
  if (Array.isArray(value) && value.length > maxValues) {
    throw new InvalidFilterError(`The ${operator} operator takes at most ${maxValues} values (got ${value.length} on ${fieldName})`);
  }
  const strings = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  if (strings.some((item) => item.length > FILTER_LIMITS.stringLength)) {
    throw new InvalidFilterError(`A filter value on ${fieldName} is longer than ${FILTER_LIMITS.stringLength} characters`);
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
