import { describe, expect, it } from 'vitest';
import { wireAttributeValues } from '../../../../../local/appsync/data-sources/dynamodb';

describe('wireAttributeValues (typed values as templates write them → DynamoDB wire format)', () => {
  it('turns JSON numbers in N and NS into strings, at any depth', () => {
    // Act
    const out = wireAttributeValues({
      Item: { count: { N: 1 }, level: { N: '0' }, tags: { NS: [1, 2.5] }, nested: { M: { x: { N: -3 } } }, list: { L: [{ N: 4 }] } },
      ExpressionAttributeValues: { ':n': { N: 7 } },
    });

    // Assess
    expect(out).toEqual({
      Item: { count: { N: '1' }, level: { N: '0' }, tags: { NS: ['1', '2.5'] }, nested: { M: { x: { N: '-3' } } }, list: { L: [{ N: '4' }] } },
      ExpressionAttributeValues: { ':n': { N: '7' } },
    });
  });

  it('leaves strings, booleans and nulls alone', () => {
    expect(wireAttributeValues({ a: { S: '1' }, b: { BOOL: true }, c: { NULL: true } })).toEqual({ a: { S: '1' }, b: { BOOL: true }, c: { NULL: true } });
  });

  it('writes the helpers\' typed null {NULL: null} as DynamoDB\'s {NULL: true}, at any depth; a map attribute named NULL is a value, not a null', () => {
    expect(wireAttributeValues({ Item: { commander: { NULL: null }, m: { M: { z: { NULL: null }, NULL: { S: 'kept' } } }, l: { L: [{ NULL: null }] } } })).toEqual({
      Item: { commander: { NULL: true }, m: { M: { z: { NULL: true }, NULL: { S: 'kept' } } }, l: { L: [{ NULL: true }] } },
    });
  });
});
