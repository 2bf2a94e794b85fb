/**
 * AppSync's subscription filters as its developer guide documents them ("Extensions",
 * argument filterJsonObject): the operators, AND within a filter group and OR between
 * groups, the limits checked at subscribe time, and basic filtering by arguments.
 */
import { describe, expect, it } from 'vitest';
import {
  FILTER_LIMITS,
  InvalidFilterError,
  matchesArguments,
  matchesFilters,
  validateFilter,
  type FilterCondition,
  type FilterGroupSet,
} from '../../../../../local/appsync/realtime/subscription-filter';

const one = (fieldName: string, operator: string, value?: unknown): FilterGroupSet => ({ filterGroup: [{ filters: [{ fieldName, operator, value }] }] });
const passes = (payload: unknown, fieldName: string, operator: string, value?: unknown) => matchesFilters(payload, [one(fieldName, operator, value)]);

describe('operators', () => {
  it('eq: strictly equal strings, numbers and booleans; a missing field is only equal to null', () => {
    expect(passes({ service: 'AWS AppSync' }, 'service', 'eq', 'AWS AppSync')).toBe(true);
    expect(passes({ service: 'AWS AppSync ' }, 'service', 'eq', 'AWS AppSync')).toBe(false);
    expect(passes({ service: 'aws appsync' }, 'service', 'eq', 'AWS AppSync')).toBe(false); // case sensitive
    expect(passes({ size: 5 }, 'size', 'eq', 5)).toBe(true);
    expect(passes({ size: 5.5 }, 'size', 'eq', 5)).toBe(false);
    expect(passes({ open: true }, 'open', 'eq', true)).toBe(true);
    expect(passes({ open: false }, 'open', 'eq', true)).toBe(false);
    expect(passes({}, 'open', 'eq', true)).toBe(false);
    expect(passes({ open: null }, 'open', 'eq', null)).toBe(true);
    // Strictly: no conversion between strings and numbers.
    expect(passes({ size: '5' }, 'size', 'eq', 5)).toBe(false);
    expect(passes({ size: 5 }, 'size', 'eq', '5')).toBe(false);
    expect(passes({ size: '5' }, 'size', 'in', [5])).toBe(false);
  });

  it('ne: different from the value', () => {
    expect(passes({ service: 'Lambda' }, 'service', 'ne', 'AWS AppSync')).toBe(true);
    expect(passes({ service: 'AWS AppSync' }, 'service', 'ne', 'AWS AppSync')).toBe(false);
    expect(passes({ size: 4 }, 'size', 'ne', 5)).toBe(true);
    expect(passes({}, 'size', 'ne', 5)).toBe(true);
  });

  it('lt, le, gt, ge: numbers by value, strings in order; other types never match', () => {
    const sizes = [4, 5, 6];
    expect(sizes.map((size) => passes({ size }, 'size', 'lt', 5))).toEqual([true, false, false]);
    expect(sizes.map((size) => passes({ size }, 'size', 'le', 5))).toEqual([true, true, false]);
    expect(sizes.map((size) => passes({ size }, 'size', 'gt', 5))).toEqual([false, false, true]);
    expect(sizes.map((size) => passes({ size }, 'size', 'ge', 5))).toEqual([false, true, true]);
    expect(passes({ size: 4.99 }, 'size', 'lt', 5)).toBe(true);
    expect(passes({ at: '2026-01-02' }, 'at', 'gt', '2026-01-01')).toBe(true);
    expect(passes({ at: '2025-12-31' }, 'at', 'gt', '2026-01-01')).toBe(false);
    expect(passes({}, 'size', 'lt', 5)).toBe(false);
    expect(passes({ size: '4' }, 'size', 'lt', 5)).toBe(false);
  });

  it('contains: a substring of a string, a value in a list, or the single value itself', () => {
    expect(passes({ event: 'product launch day' }, 'event', 'contains', 'launch')).toBe(true);
    expect(passes({ event: 'product day' }, 'event', 'contains', 'launch')).toBe(false);
    expect(passes({ seats: [8, 10, 12] }, 'seats', 'contains', 10)).toBe(true);
    expect(passes({ seats: [8, 12] }, 'seats', 'contains', 10)).toBe(false);
    expect(passes({ tags: ['sev1', 'db'] }, 'tags', 'contains', 'db')).toBe(true);
    expect(passes({ seats: 10 }, 'seats', 'contains', 10)).toBe(true);
    expect(passes({ seats: 11 }, 'seats', 'contains', 10)).toBe(false);
    expect(passes({}, 'seats', 'contains', 10)).toBe(false);
  });

  it('notContains: the absence of a substring, a list value, or the single value', () => {
    expect(passes({ event: 'product day' }, 'event', 'notContains', 'launch')).toBe(true);
    expect(passes({ event: 'launch' }, 'event', 'notContains', 'launch')).toBe(false);
    expect(passes({ seats: [8, 12] }, 'seats', 'notContains', 10)).toBe(true);
    expect(passes({ seats: [10] }, 'seats', 'notContains', 10)).toBe(false);
    expect(passes({ seats: 11 }, 'seats', 'notContains', 10)).toBe(true);
    expect(passes({ seats: 10 }, 'seats', 'notContains', 10)).toBe(false);
  });

  it('beginsWith: a string prefix, case-sensitive', () => {
    expect(passes({ service: 'AWS AppSync' }, 'service', 'beginsWith', 'AWS')).toBe(true);
    expect(passes({ service: 'aws appsync' }, 'service', 'beginsWith', 'AWS')).toBe(false);
    expect(passes({ service: 42 }, 'service', 'beginsWith', '4')).toBe(false);
  });

  it('in and notIn: whether the value is one of a list', () => {
    expect([1, 2, 3, 4].map((severity) => passes({ severity }, 'severity', 'in', [1, 2, 3]))).toEqual([true, true, true, false]);
    expect([1, 2, 3, 4].map((severity) => passes({ severity }, 'severity', 'notIn', [1, 2, 3]))).toEqual([false, false, false, true]);
    expect(passes({ group: 'Admin' }, 'group', 'in', ['Admin', 'Developer'])).toBe(true);
    expect(passes({}, 'group', 'in', ['Admin'])).toBe(false);
    expect(passes({}, 'group', 'notIn', ['Admin'])).toBe(true);
  });

  it('between: strictly between the two values (AppSync\'s example: [1,5] matches 2, 3 and 4)', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((severity) => passes({ severity }, 'severity', 'between', [1, 5]))).toEqual([false, false, true, true, true, false, false]);
    expect(passes({ at: '2026-06' }, 'at', 'between', ['2026-01', '2026-12'])).toBe(true);
    expect(passes({ at: '2027-01' }, 'at', 'between', ['2026-01', '2026-12'])).toBe(false);
  });

  it('containsAny: the field\'s list and the filter\'s list have a common element', () => {
    expect(passes({ seats: [10, 11] }, 'seats', 'containsAny', [10, 15])).toBe(true);
    expect(passes({ seats: [15, 20, 30] }, 'seats', 'containsAny', [10, 15])).toBe(true);
    expect(passes({ seats: [11, 20] }, 'seats', 'containsAny', [10, 15])).toBe(false);
    expect(passes({}, 'seats', 'containsAny', [10, 15])).toBe(false);
  });

  it('attributeExists: whether the field has a value', () => {
    expect(passes({ resolvedAt: '2026-01-01' }, 'resolvedAt', 'attributeExists', true)).toBe(true);
    expect(passes({ resolvedAt: null }, 'resolvedAt', 'attributeExists', true)).toBe(false);
    expect(passes({}, 'resolvedAt', 'attributeExists', true)).toBe(false);
    expect(passes({}, 'resolvedAt', 'attributeExists', false)).toBe(true);
    expect(passes({ resolvedAt: 'x' }, 'resolvedAt', 'attributeExists', false)).toBe(false);
  });

  it('reads nested fields named a.b', () => {
    expect(passes({ service: { status: 'DEGRADED' } }, 'service.status', 'eq', 'DEGRADED')).toBe(true);
    expect(passes({ service: { status: 'OPERATIONAL' } }, 'service.status', 'eq', 'DEGRADED')).toBe(false);
    expect(passes({ service: null }, 'service.status', 'eq', 'DEGRADED')).toBe(false);
    expect(passes({ a: { b: { c: [1, 2] } } }, 'a.b.c', 'contains', 2)).toBe(true);
  });
});

describe('combining filters', () => {
  const adminOrUser1: FilterGroupSet = {
    filterGroup: [
      { filters: [{ fieldName: 'userId', operator: 'eq', value: 1 }] },
      { filters: [{ fieldName: 'group', operator: 'in', value: ['Admin', 'Developer'] }] },
    ],
  };
  const user1AndAdmin: FilterGroupSet = {
    filterGroup: [
      {
        filters: [
          { fieldName: 'userId', operator: 'eq', value: 1 },
          { fieldName: 'group', operator: 'in', value: ['Admin', 'Developer'] },
        ],
      },
    ],
  };

  it('filters within a group are ANDed', () => {
    expect(matchesFilters({ userId: 1, group: 'Admin' }, [user1AndAdmin])).toBe(true);
    expect(matchesFilters({ userId: 1, group: 'Guest' }, [user1AndAdmin])).toBe(false);
    expect(matchesFilters({ userId: 2, group: 'Admin' }, [user1AndAdmin])).toBe(false);
  });

  it('groups are ORed', () => {
    expect(matchesFilters({ userId: 1, group: 'Guest' }, [adminOrUser1])).toBe(true);
    expect(matchesFilters({ userId: 2, group: 'Developer' }, [adminOrUser1])).toBe(true);
    expect(matchesFilters({ userId: 2, group: 'Guest' }, [adminOrUser1])).toBe(false);
  });

  it('several filter sets (from several resolvers) must all pass', () => {
    const sev1 = one('severity', 'eq', 'SEV1');
    expect(matchesFilters({ userId: 2, group: 'Admin', severity: 'SEV1' }, [adminOrUser1, sev1])).toBe(true);
    expect(matchesFilters({ userId: 2, group: 'Admin', severity: 'SEV2' }, [adminOrUser1, sev1])).toBe(false);
    expect(matchesFilters({ userId: 2, group: 'Guest', severity: 'SEV1' }, [adminOrUser1, sev1])).toBe(false);
  });

  it('no filter sets, or a set with no groups, let everything through', () => {
    expect(matchesFilters({ any: 1 }, [])).toBe(true);
    expect(matchesFilters({ any: 1 }, [{ filterGroup: [] }])).toBe(true);
  });
});

describe('validateFilter', () => {
  const filter = (fieldName: string, operator = 'eq', value: unknown = 1): FilterCondition => ({ fieldName, operator, value });
  const groups = (count: number, make: (i: number) => FilterCondition[] = (i) => [filter(`f${i}`)]): FilterGroupSet => ({
    filterGroup: Array.from({ length: count }, (_, i) => ({ filters: make(i) })),
  });
  const refusal = (set: unknown) => {
    try {
      validateFilter(set as FilterGroupSet);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidFilterError);
      return (error as Error).message;
    }
    return undefined;
  };

  it('accepts filters at every limit', () => {
    expect(refusal(groups(10))).toBeUndefined();
    expect(refusal(groups(1, () => ['a', 'b', 'c', 'd', 'e'].map((name) => filter(name))))).toBeUndefined();
    expect(refusal(one('g', 'in', [1, 2, 3, 4, 5]))).toBeUndefined();
    expect(refusal(one('g', 'notIn', [1, 2, 3, 4, 5]))).toBeUndefined();
    expect(refusal(one('seats', 'containsAny', Array.from({ length: 20 }, (_, i) => i)))).toBeUndefined();
    expect(refusal(one('s', 'eq', 'x'.repeat(256)))).toBeUndefined();
  });

  it('at most 10 filter groups', () => {
    expect(refusal(groups(11))).toBe('A subscription filter has at most 10 filter groups (got 11)');
  });

  it('at most five unique field names in a group (two conditions on one field count once)', () => {
    expect(refusal(groups(1, () => ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => filter(name))))).toBe('A filter group has at most 5 unique field names (got 6)');
    const ranges = ['a', 'b', 'c', 'd', 'e'].flatMap((name) => [filter(name, 'ge', 1), filter(name, 'le', 9)]);
    expect(refusal(groups(1, () => ranges))).toBeUndefined();
  });

  it('at most five values for in and notIn, twenty for containsAny', () => {
    expect(refusal(one('g', 'in', [1, 2, 3, 4, 5, 6]))).toBe('The in operator takes at most 5 values (got 6 on g)');
    expect(refusal(one('g', 'notIn', [1, 2, 3, 4, 5, 6]))).toBe('The notIn operator takes at most 5 values (got 6 on g)');
    expect(refusal(one('seats', 'containsAny', Array.from({ length: 21 }, (_, i) => i)))).toBe('The containsAny operator takes at most 20 values (got 21 on seats)');
  });

  it('an in list counts as one group per value towards the group limit', () => {
    // AppSync evaluates `in` as OR: a group with an in of 5 values counts as 5 groups.
    expect(refusal(groups(2, () => [filter('g', 'in', [1, 2, 3, 4, 5])]))).toBeUndefined();
    expect(refusal(groups(3, () => [filter('g', 'in', [1, 2, 3, 4])]))).toBe('A subscription filter has at most 10 filter groups (got 12 once in lists are expanded)');
    expect(refusal(groups(1, () => [filter('g', 'in', [1, 2, 3]), filter('h', 'in', [1, 2, 3, 4])]))).toBe('A subscription filter has at most 10 filter groups (got 12 once in lists are expanded)');
  });

  it('strings of at most 256 characters', () => {
    expect(refusal(one('s', 'eq', 'x'.repeat(257)))).toBe('A filter value on s is longer than 256 characters');
    expect(refusal(one('s', 'in', ['ok', 'y'.repeat(300)]))).toBe('A filter value on s is longer than 256 characters');
  });

  it('known operators only, with the value shape each needs', () => {
    expect(refusal(one('a', 'like', 'x'))).toBe('Unknown subscription filter operator like on a');
    expect(refusal(one('a', 'in', 'x'))).toBe('The in operator on a needs a list of values');
    expect(refusal(one('a', 'containsAny', 3))).toBe('The containsAny operator on a needs a list of values');
    expect(refusal(one('a', 'between', [1]))).toBe('The between operator on a needs a list of two values');
  });

  it('a malformed filter object is refused, not crashed on', () => {
    expect(refusal({})).toBe('A subscription filter needs a filterGroup list');
    expect(refusal({ filterGroup: [{}] })).toBe('A filter group needs a filters list');
    expect(refusal({ filterGroup: [{ filters: [{ operator: 'eq', value: 1 }] }] })).toBe('A filter needs a fieldName');
  });

  it('exports the documented limits', () => {
    expect(FILTER_LIMITS).toMatchObject({ groups: 10, fieldsPerGroup: 5, valuesPerList: 5, containsAnyValues: 20, stringLength: 256 });
  });
});

describe('matchesArguments (basic filtering)', () => {
  const fields = new Set(['serviceId', 'severity', 'count', 'title']);

  it('null and absent arguments match everything', () => {
    expect(matchesArguments({ serviceId: 's1' }, { serviceId: null }, fields)).toBe(true);
    expect(matchesArguments({ serviceId: 's1' }, {}, fields)).toBe(true);
  });

  it('an argument naming a result field delivers only results whose field equals it', () => {
    expect(matchesArguments({ serviceId: 's1', severity: 'SEV1' }, { serviceId: 's1' }, fields)).toBe(true);
    expect(matchesArguments({ serviceId: 's2', severity: 'SEV1' }, { serviceId: 's1' }, fields)).toBe(false);
    expect(matchesArguments({ serviceId: 's1', severity: 'SEV2' }, { serviceId: 's1', severity: 'SEV1' }, fields)).toBe(false);
    expect(matchesArguments({ severity: 'SEV1' }, { serviceId: 's1' }, fields)).toBe(false);
  });

  it('arguments that name no result field are ignored', () => {
    expect(matchesArguments({ serviceId: 's1' }, { filter: { severity: { eq: 'SEV1' } }, limit: 3 }, fields)).toBe(true);
  });

  it('numbers compare by value', () => {
    expect(matchesArguments({ count: 3 }, { count: 3.0 }, fields)).toBe(true);
    expect(matchesArguments({ count: 3 }, { count: 4 }, fields)).toBe(false);
  });
});
