/**
 * `$util.transform`: filter and condition expressions in the shape AppSync gives
 * them (`expression`, `#name` placeholders, `:value` placeholders with typed
 * values) and enhanced subscription filters.
 */
import { describe, expect, it } from 'vitest';
import { TemplateRuntimeError } from '../../../../../local/appsync/runtime/types';
import { dynamoDBExpression, toDynamoDBConditionExpression, toDynamoDBFilterExpression, toSubscriptionFilter } from '../../../../../local/appsync/util/transform';

const filter = (value: unknown) => JSON.parse(toDynamoDBFilterExpression(value)!);
const condition = (value: unknown) => JSON.parse(toDynamoDBConditionExpression(value)!);

/** Every placeholder the expression uses is defined, and every definition is used (DynamoDB refuses both mistakes). */
function expectConsistent(expression: { expression: string; expressionNames: Record<string, string>; expressionValues: Record<string, unknown> }) {
  const names = new Set(expression.expression.match(/#[A-Za-z0-9_]+/g) ?? []);
  const values = new Set(expression.expression.match(/:[A-Za-z0-9_]+/g) ?? []);
  expect([...names].sort()).toEqual(Object.keys(expression.expressionNames).sort());
  expect([...values].sort()).toEqual(Object.keys(expression.expressionValues).sort());
}

describe('toDynamoDBFilterExpression', () => {
  it('the documented example: contains on title', () => {
    // Act
    const result = filter({ title: { contains: 'Hello World' } });

    // Assess
    expect(result).toEqual({
      expression: '(contains(#title, :title_contains))',
      expressionNames: { '#title': 'title' },
      expressionValues: { ':title_contains': { S: 'Hello World' } },
    });
  });

  it('every comparison operator, typed values', () => {
    // Act
    const result = filter({ n: { eq: 1, ne: 2, lt: 3, le: 4, gt: 5, ge: 6 }, b: { eq: true }, s: { beginsWith: 'a', notContains: 'z' } });

    // Assess
    expect(result.expression).toBe('(#n = :n_eq AND #n <> :n_ne AND #n < :n_lt AND #n <= :n_le AND #n > :n_gt AND #n >= :n_ge) AND (#b = :b_eq) AND (begins_with(#s, :s_beginsWith) AND NOT contains(#s, :s_notContains))');
    expect(result.expressionValues).toMatchObject({ ':n_eq': { N: 1 }, ':b_eq': { BOOL: true }, ':s_beginsWith': { S: 'a' } });
    expectConsistent(result);
  });

  it('and / or / not nest with their own placeholders, so the same field can appear twice', () => {
    // Act
    const result = filter({ or: [{ owner: { eq: 'a' } }, { owner: { eq: 'b' } }], not: { status: { eq: 'DONE' } } });

    // Assess
    expect(result.expression).toBe('((#owner = :or_0_owner_eq) OR (#owner = :or_1_owner_eq)) AND (NOT (#status = :not_status_eq))');
    expect(result.expressionValues).toEqual({ ':or_0_owner_eq': { S: 'a' }, ':or_1_owner_eq': { S: 'b' }, ':not_status_eq': { S: 'DONE' } });
    expectConsistent(result);
  });

  it('between, in, size, attributeType', () => {
    // Act
    const result = filter({ n: { between: [1, 5] }, s: { in: ['a', 'b'] }, l: { size: { gt: 2 } }, t: { attributeType: 'S' } });

    // Assess
    expect(result.expression).toBe('(#n BETWEEN :n_between_0 AND :n_between_1) AND (#s IN (:s_in_0, :s_in_1)) AND (size(#l) > :l_size_gt) AND (attribute_type(#t, :t_attributeType))');
    expectConsistent(result);
  });

  it('attributeExists has no value: expressionValues is empty (AppSync leaves it to the template to drop)', () => {
    expect(filter({ a: { attributeExists: true }, b: { attributeExists: false } })).toEqual({
      expression: '(attribute_exists(#a)) AND (attribute_not_exists(#b))',
      expressionNames: { '#a': 'a', '#b': 'b' },
      expressionValues: {},
    });
  });

  it('an empty filter gives an empty expression; null conditions are skipped', () => {
    expect(filter({})).toEqual({ expression: '', expressionNames: {}, expressionValues: {} });
    expect(filter({ a: null, and: null }).expression).toBe('');
  });
});

describe('toDynamoDBConditionExpression keeps the values (the Gen 1 simulator dropped them)', () => {
  it('a condition comparing values carries them', () => {
    // Act
    const result = condition({ and: [{ id: { attributeExists: true } }, { version: { eq: 3 } }] });

    // Assess
    expect(result).toEqual({
      expression: '((attribute_exists(#id)) AND (#version = :and_1_version_eq))',
      expressionNames: { '#id': 'id', '#version': 'version' },
      expressionValues: { ':and_1_version_eq': { N: 3 } },
    });
  });
});

describe('filters the transform cannot process', () => {
  // AppSync's helpers answer null; Amplify's generated templates then raise their own
  // "Unrecognized Filter" (see the generated list/query templates).
  it('an unknown operator, a between without two values, an empty in and a non-map condition give null', () => {
    expect(toDynamoDBFilterExpression({ a: { like: 'x' } })).toBeNull();
    expect(toDynamoDBFilterExpression({ a: { between: [1] } })).toBeNull();
    expect(toDynamoDBFilterExpression({ a: { between: [1, 2, 3] } })).toBeNull();
    expect(toDynamoDBFilterExpression({ a: { in: [] } })).toBeNull();
    expect(toDynamoDBFilterExpression({ or: [{ a: { eq: 1 } }, { b: { between: 'x' } }] })).toBeNull();
    expect(toDynamoDBConditionExpression({ a: 'x' })).toBeNull();
  });

  it('the JS dynamodb helpers, which have no null answer, fail naming the problem', () => {
    expect(() => dynamoDBExpression({ a: { between: [1] } }, 'ddb.query filter')).toThrow(new TemplateRuntimeError('ddb.query filter: between on a needs a list of two values, got a List'));
  });
});

describe('toSubscriptionFilter', () => {
  it('fields become ANDed filters of one group', () => {
    expect(toSubscriptionFilter({ serviceId: { eq: 's1' }, severity: { in: ['SEV1', 'SEV2'] } })).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'serviceId', operator: 'eq', value: 's1' }, { fieldName: 'severity', operator: 'in', value: ['SEV1', 'SEV2'] }] }],
    });
  });

  it('or becomes one group per branch, distributed over the other conditions', () => {
    // Act
    const result = toSubscriptionFilter({ or: [{ owner: { eq: 'a' } }, { owner: { eq: 'b' } }], status: { ne: 'RESOLVED' } });

    // Assess
    expect(result).toEqual({
      filterGroup: [
        { filters: [{ fieldName: 'owner', operator: 'eq', value: 'a' }, { fieldName: 'status', operator: 'ne', value: 'RESOLVED' }] },
        { filters: [{ fieldName: 'owner', operator: 'eq', value: 'b' }, { fieldName: 'status', operator: 'ne', value: 'RESOLVED' }] },
      ],
    });
  });

  it('ignored fields are left out; rules must hold as well', () => {
    expect(toSubscriptionFilter({ a: { eq: 1 }, b: { eq: 2 } }, ['b'], { c: { eq: 3 } })).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'a', operator: 'eq', value: 1 }, { fieldName: 'c', operator: 'eq', value: 3 }] }],
    });
  });

  it('not, and operators subscription filters lack, are refused', () => {
    expect(() => toSubscriptionFilter({ not: { a: { eq: 1 } } })).toThrow('AppSync subscription filters have no "not"');
    expect(() => toSubscriptionFilter({ a: { size: { eq: 1 } } })).toThrow('unknown operator "size" on a');
  });
});
