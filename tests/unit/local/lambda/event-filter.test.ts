import { describe, expect, it } from 'vitest';
import { compileFilters, UnsupportedFilterError } from '../../../../local/lambda/event-filter';

const record = {
  eventName: 'MODIFY',
  dynamodb: { NewImage: { status: { S: 'RESOLVED' }, severity: { N: '2' }, title: { S: 'Disk full on db-1' } }, OldImage: { status: { S: 'ACKNOWLEDGED' } } },
};
const filter = (...patterns: object[]) => compileFilters({ Filters: patterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) })!;

describe('event-source mapping FilterCriteria', () => {
  it('matches exact values, and any of several filters', () => {
    expect(filter({ eventName: ['MODIFY'] })(record)).toBe(true);
    expect(filter({ eventName: ['INSERT'] })(record)).toBe(false);
    expect(filter({ eventName: ['INSERT'] }, { eventName: ['MODIFY'] })(record)).toBe(true);
  });

  it('matches nested DynamoDB images', () => {
    expect(filter({ dynamodb: { NewImage: { status: { S: ['RESOLVED'] } } } })(record)).toBe(true);
    expect(filter({ dynamodb: { NewImage: { status: { S: ['OPEN'] } } } })(record)).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case, anything-but, numeric and exists', () => {
    expect(filter({ dynamodb: { NewImage: { title: { S: [{ prefix: 'Disk' }] } } } })(record)).toBe(true);
    expect(filter({ dynamodb: { NewImage: { title: { S: [{ suffix: 'db-2' }] } } } })(record)).toBe(false);
    expect(filter({ dynamodb: { NewImage: { status: { S: [{ 'equals-ignore-case': 'resolved' }] } } } })(record)).toBe(true);
    expect(filter({ dynamodb: { NewImage: { status: { S: [{ 'anything-but': ['RESOLVED', 'OPEN'] }] } } } })(record)).toBe(false);
    expect(filter({ dynamodb: { NewImage: { severity: { N: [{ numeric: ['>=', 1, '<', 3] }] } } } })(record)).toBe(true);
    expect(filter({ dynamodb: { NewImage: { commander: [{ exists: false }] } } })(record)).toBe(true);
    expect(filter({ dynamodb: { NewImage: { commander: [{ exists: true }] } } })(record)).toBe(false);
  });

  it('refuses operators it does not implement, loudly', () => {
    expect(() => filter({ eventName: [{ wildcard: 'MOD*' }] })).toThrow(UnsupportedFilterError);
  });

  it('no FilterCriteria means no filtering', () => {
    expect(compileFilters(undefined)).toBeUndefined();
  });
});
