import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../../local/dynamodb/types';
import { ConditionFailure } from '../../../../../local/appsync/data-sources/dynamodb/conditions';
import { decodeNextToken, encodeNextToken, InvalidNextTokenError, unmarshall, type OperationContext } from '../../../../../local/appsync/data-sources/dynamodb/mapping';
import { DYNAMODB_OPERATIONS } from '../../../../../local/appsync/data-sources/dynamodb/operations';

/** An operation context whose DynamoDB answers from `answer` and records every call. */
function context(answer: (operation: string, input: Record<string, unknown>) => Record<string, unknown> = () => ({})) {
  const calls: { operation: string; input: Record<string, unknown> }[] = [];
  const ctx: OperationContext = {
    tableName: 'T',
    version: '2018-05-29',
    call: async (operation, input) => {
      calls.push({ operation, input });
      return answer(operation, input);
    },
  };
  return { ctx, calls };
}

describe('serialization', () => {
  it('unmarshalls every attribute type to plain JSON', () => {
    expect(unmarshall({
      s: { S: 'x' }, n: { N: '1.5' }, b: { B: 'AQI=' }, t: { BOOL: true }, z: { NULL: true },
      ss: { SS: ['a'] }, ns: { NS: ['1', '2'] }, l: { L: [{ S: 'y' }, { N: '2' }] }, m: { M: { k: { S: 'v' } } },
    })).toEqual({ s: 'x', n: 1.5, b: 'AQI=', t: true, z: null, ss: ['a'], ns: [1, 2], l: ['y', 2], m: { k: 'v' } });
  });

  it('nextToken round-trips LastEvaluatedKey for the table and index that issued it, and refuses anything else', () => {
    const key = { id: { S: 'a' }, status: { S: 'OPEN' } };
    expect(decodeNextToken(encodeNextToken(key, 'T/byStatus'), 'T/byStatus')).toEqual(key);
    expect(encodeNextToken(undefined, 'T')).toBeNull();
    expect(() => decodeNextToken('abc', 'T')).toThrow(InvalidNextTokenError);
    expect(() => decodeNextToken(encodeNextToken(key, 'T/byStatus'), 'T')).toThrow(InvalidNextTokenError);
    expect(() => decodeNextToken(encodeNextToken(key, 'T'), 'Other')).toThrow(InvalidNextTokenError);
    expect(decodeNextToken(null, 'T')).toBeUndefined();
  });
});

describe('validation', () => {
  it('UpdateItem without an update expression and Query without a query are template errors', async () => {
    const { ctx } = context();
    await expect(DYNAMODB_OPERATIONS.UpdateItem({ key: { id: { S: '1' } } }, ctx)).rejects.toMatchObject({ errorType: 'MappingTemplate' });
    await expect(DYNAMODB_OPERATIONS.Query({}, ctx)).rejects.toMatchObject({ errorType: 'MappingTemplate' });
    await expect(DYNAMODB_OPERATIONS.GetItem({ key: 'nope' }, ctx)).rejects.toMatchObject({ errorType: 'MappingTemplate' });
  });
});

describe('functionality', () => {
  it('Query merges names and values of query, filter and projection and pages', async () => {
    const { ctx, calls } = context(() => ({ Items: [{ id: { S: '1' } }], ScannedCount: 3, LastEvaluatedKey: { id: { S: '1' } } }));
    const result = await DYNAMODB_OPERATIONS.Query({
      operation: 'Query',
      query: { expression: '#s = :s', expressionNames: { '#s': 'status' }, expressionValues: { ':s': { S: 'OPEN' } } },
      filter: { expression: '#t > :t', expressionNames: { '#t': 'total' }, expressionValues: { ':t': { N: '1' } } },
      index: 'byStatus', limit: 10, scanIndexForward: false,
    }, ctx) as { items: unknown[]; nextToken: string; scannedCount: number };
    expect(calls[0]).toEqual({
      operation: 'Query',
      input: {
        TableName: 'T', IndexName: 'byStatus', Limit: 10, ScanIndexForward: false,
        KeyConditionExpression: '#s = :s', FilterExpression: '#t > :t',
        ExpressionAttributeNames: { '#s': 'status', '#t': 'total' },
        ExpressionAttributeValues: { ':s': { S: 'OPEN' }, ':t': { N: '1' } },
      },
    });
    expect(result.items).toEqual([{ id: '1' }]);
    expect(result.scannedCount).toBe(3);
    expect(decodeNextToken(result.nextToken, 'T/byStatus')).toEqual({ id: { S: '1' } });
  });

  it('leaves out empty expression maps DynamoDB would refuse', async () => {
    const { ctx, calls } = context(() => ({ Items: [] }));
    await DYNAMODB_OPERATIONS.Scan({ filter: { expression: 'attribute_exists(#a)', expressionNames: { '#a': 'a' }, expressionValues: {} } }, ctx);
    expect(calls[0].input).toEqual({ TableName: 'T', FilterExpression: 'attribute_exists(#a)', ExpressionAttributeNames: { '#a': 'a' } });
  });

  it('PutItem writes key + attributeValues and answers the item as written', async () => {
    const { ctx, calls } = context();
    const result = await DYNAMODB_OPERATIONS.PutItem({ key: { id: { S: '1' } }, attributeValues: { n: { N: '2' } }, condition: { expression: 'attribute_not_exists(id)' } }, ctx);
    expect(result).toEqual({ id: '1', n: 2 });
    expect(calls[0].input).toEqual({ TableName: 'T', Item: { n: { N: '2' }, id: { S: '1' } }, ConditionExpression: 'attribute_not_exists(id)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });

  it('a failed condition carries the current item (fetched when DynamoDB did not return it)', async () => {
    const { ctx, calls } = context((operation) => {
      if (operation === 'UpdateItem') throw new DynamoDBError('ConditionalCheckFailedException', 'The conditional request failed');
      return { Item: { id: { S: '1' }, v: { N: '7' } } };
    });
    const failure = await DYNAMODB_OPERATIONS.UpdateItem({ key: { id: { S: '1' } }, update: { expression: 'SET v = :v', expressionValues: { ':v': { N: '8' } } }, condition: { expression: 'v = :old', expressionValues: { ':old': { N: '6' } } } }, ctx).catch((e) => e);
    expect(failure).toBeInstanceOf(ConditionFailure);
    expect((failure as ConditionFailure).currentItem).toEqual({ id: '1', v: 7 });
    expect(calls[0].input).toMatchObject({ ReturnValues: 'ALL_NEW', UpdateExpression: 'SET v = :v', ConditionExpression: 'v = :old', ExpressionAttributeValues: { ':v': { N: '8' }, ':old': { N: '6' } } });
    expect(calls[1]).toEqual({ operation: 'GetItem', input: { TableName: 'T', Key: { id: { S: '1' } }, ConsistentRead: true } });
  });

  it('equalsIgnore turns a failed PutItem into success when only ignored fields differ', async () => {
    const { ctx } = context((operation) => {
      if (operation === 'PutItem') throw new DynamoDBError('ConditionalCheckFailedException', 'The conditional request failed', 400, { Item: { id: { S: '1' }, v: { N: '1' }, updatedAt: { S: 'old' } } });
      return {};
    });
    const result = await DYNAMODB_OPERATIONS.PutItem({ key: { id: { S: '1' } }, attributeValues: { v: { N: '1' }, updatedAt: { S: 'new' } }, condition: { expression: 'attribute_not_exists(id)', equalsIgnore: ['updatedAt'] } }, ctx);
    expect(result).toEqual({ id: '1', v: 1, updatedAt: 'old' });
  });

  it('BatchGetItem answers per table in key order with null for missing items', async () => {
    const { ctx } = context(() => ({ Responses: { A: [{ id: { S: '2' } }] }, UnprocessedKeys: {} }));
    const result = await DYNAMODB_OPERATIONS.BatchGetItem({ tables: { A: { keys: [{ id: { S: '1' } }, { id: { S: '2' } }] } } }, ctx);
    expect(result).toEqual({ data: { A: [null, { id: '2' }] }, unprocessedKeys: { A: [] } });
  });

  it('TransactWriteItems maps each operation and answers the keys', async () => {
    const { ctx, calls } = context();
    const result = await DYNAMODB_OPERATIONS.TransactWriteItems({
      transactItems: [
        { table: 'A', operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { x: { S: 'y' } } },
        { table: 'B', operation: 'UpdateItem', key: { id: { S: '2' } }, update: { expression: 'SET c = c + :one', expressionValues: { ':one': { N: '1' } } }, condition: { expression: 'attribute_exists(id)' } },
        { table: 'C', operation: 'DeleteItem', key: { id: { S: '3' } } },
        { table: 'D', operation: 'ConditionCheck', key: { id: { S: '4' } }, condition: { expression: 'attribute_exists(id)' } },
      ],
    }, ctx);
    expect(result).toEqual({ keys: [{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }], cancellationReasons: null });
    expect(calls[0].input.TransactItems).toEqual([
      { Put: { TableName: 'A', Item: { x: { S: 'y' }, id: { S: '1' } } } },
      { Update: { TableName: 'B', Key: { id: { S: '2' } }, UpdateExpression: 'SET c = c + :one', ConditionExpression: 'attribute_exists(id)', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
      { Delete: { TableName: 'C', Key: { id: { S: '3' } } } },
      { ConditionCheck: { TableName: 'D', Key: { id: { S: '4' } }, ConditionExpression: 'attribute_exists(id)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    ]);
  });
});
