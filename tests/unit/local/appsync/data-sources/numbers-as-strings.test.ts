import { describe, expect, it } from 'vitest';
import { numbersAsStrings } from '../../../../../local/appsync/data-sources/dynamodb';

describe('numbersAsStrings (AppSync typed values → DynamoDB wire format)', () => {
  it('turns JSON numbers in N and NS into strings, at any depth', () => {
    // Act
    const out = numbersAsStrings({
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
    expect(numbersAsStrings({ a: { S: '1' }, b: { BOOL: true }, c: { NULL: true } })).toEqual({ a: { S: '1' }, b: { BOOL: true }, c: { NULL: true } });
  });
});
