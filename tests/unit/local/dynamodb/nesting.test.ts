/**
 * DynamoDB's 32 nesting levels: a scalar inside 31 maps or lists is the deepest value stored;
 * one level more is AWS's ValidationException, wherever the request carries the value.
 */
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../../../local/dynamodb/errors';
import { checkAttributeNesting, MAX_NESTING_LEVELS } from '../../../../local/dynamodb/operations/nesting';

/** A scalar inside `wraps` maps (or lists). */
const nested = (wraps: number, kind: 'M' | 'L' = 'M'): Record<string, unknown> => {
  let value: Record<string, unknown> = { S: 'x' };
  for (let i = 0; i < wraps; i++) value = kind === 'M' ? { M: { a: value } } : { L: [value] };
  return value;
};
const deepest = nested(MAX_NESTING_LEVELS - 1);
const tooDeep = nested(MAX_NESTING_LEVELS);

const requests = (value: Record<string, unknown>): [string, Record<string, unknown>][] => [
  ['PutItem Item', { TableName: 't', Item: { id: { S: '1' }, v: value } }],
  ['UpdateItem ExpressionAttributeValues', { TableName: 't', Key: { id: { S: '1' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': value } }],
  ['UpdateItem AttributeUpdates', { TableName: 't', Key: { id: { S: '1' } }, AttributeUpdates: { v: { Action: 'PUT', Value: value } } }],
  ['BatchWriteItem PutRequest', { RequestItems: { t: [{ PutRequest: { Item: { id: { S: '1' }, v: value } } }] } }],
  ['TransactWriteItems Put', { TransactItems: [{ Put: { TableName: 't', Item: { id: { S: '1' }, v: value } } }] }],
  ['Scan ScanFilter', { TableName: 't', ScanFilter: { v: { ComparisonOperator: 'EQ', AttributeValueList: [value] } } }],
  ['BatchGetItem Keys', { RequestItems: { t: { Keys: [{ id: value }] } } }],
];

describe('32 nesting levels', () => {
  it.each(requests(deepest))('%s: 32 levels (31 wraps) pass', (_name, request) => {
    expect(() => checkAttributeNesting(request)).not.toThrow();
  });

  it.each(requests(tooDeep))('%s: 33 levels are ValidationException in DynamoDB\'s words', (_name, request) => {
    expect(() => checkAttributeNesting(request)).toThrow(ValidationException);
    expect(() => checkAttributeNesting(request)).toThrow('Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit');
  });

  it('lists count as maps do, and 5,000 levels are refused without recursion', () => {
    expect(() => checkAttributeNesting({ Item: { v: nested(MAX_NESTING_LEVELS, 'L') } })).toThrow(ValidationException);
    expect(() => checkAttributeNesting({ Item: { v: nested(5000) } })).toThrow(ValidationException);
  });

  it('a wide, shallow item passes', () => {
    const wide = { M: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, { L: [{ N: '1' }] }])) };
    expect(() => checkAttributeNesting({ Item: { v: wide } })).not.toThrow();
  });
});
