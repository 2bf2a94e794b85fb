import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../../../local';
import type { LocalDynamoDBService } from '../../../../../local/dynamodb';
import { DynamoDBError, type AttributeMap } from '../../../../../local/dynamodb/types';
import { service, startCloud, tableName } from '../../../../integration/dynamodb/helpers';

/** TransactWriteItems and TransactGetItems through the service's in-process `call`, on the fixture's tables. */
describe('transactions', () => {
  let cloud: LocalCloud;
  let dynamodb: LocalDynamoDBService;
  let orders: string;
  let plain: string;
  const clock = { now: Date.UTC(2026, 0, 2) };
  beforeAll(async () => {
    cloud = await startCloud({ fixture: true, dynamodb: { now: () => clock.now } });
    dynamodb = service(cloud);
    orders = tableName(cloud, 'Orders');
    plain = tableName(cloud, 'Plain');
  });
  afterAll(() => cloud?.stop());

  let run = 0;
  let customer: string;
  beforeEach(() => {
    customer = `c${++run}`;
  });

  const order = (orderId: string, extra: AttributeMap = {}): AttributeMap => ({ customerId: { S: customer }, orderId: { S: orderId }, ...extra });
  const key = (orderId: string) => ({ customerId: { S: customer }, orderId: { S: orderId } });
  const get = async (orderId: string) => (await dynamodb.call('GetItem', { TableName: orders, Key: key(orderId) })).Item;
  const failure = async (promise: Promise<unknown>): Promise<DynamoDBError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DynamoDBError) return error;
      throw error;
    }
    throw new Error('expected a DynamoDBError');
  };

  describe('validation', () => {
    it('refuses two actions on one item: "Transaction request cannot include multiple operations on one item"', async () => {
      // Act
      const error = await failure(dynamodb.call('TransactWriteItems', {
        TransactItems: [{ Put: { TableName: orders, Item: order('1') } }, { ConditionCheck: { TableName: orders, Key: key('1'), ConditionExpression: 'attribute_not_exists(orderId)' } }],
      }));

      // Assess
      expect(error).toMatchObject({ type: 'ValidationException', statusCode: 400, message: 'Transaction request cannot include multiple operations on one item' });
      expect(await get('1')).toBeUndefined();
    });

    it('refuses more than 100 actions', async () => {
      // Act
      const error = await failure(dynamodb.call('TransactWriteItems', { TransactItems: Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: orders, Item: order(String(i)) } })) }));

      // Assess
      expect(error.type).toBe('ValidationException');
      expect(error.message).toMatch(/^1 validation error detected: Value '.*' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/);
    });

    it('accepts exactly 100 actions', async () => {
      // Act
      await dynamodb.call('TransactWriteItems', { TransactItems: Array.from({ length: 100 }, (_, i) => ({ Put: { TableName: orders, Item: order(String(i)) } })) });

      // Assess
      expect((await dynamodb.call('Query', { TableName: orders, KeyConditionExpression: 'customerId = :c', ExpressionAttributeValues: { ':c': { S: customer } }, Select: 'COUNT' })).Count).toBe(100);
    });

    it.each([
      ['no actions', { TransactItems: [] }, /Member must have length greater than or equal to 1/],
      ['no TransactItems', {}, /Value null at 'transactItems' failed to satisfy constraint: Member must not be null/],
      ['two kinds in one entry', { TransactItems: [{ Put: { TableName: 'x', Item: {} }, Delete: { TableName: 'x', Key: {} } }] }, /^TransactItems can only contain one of Check, Put, Update or Delete$/],
      ['an Update without UpdateExpression', { TransactItems: [{ Update: { TableName: 'fixture-plain', Key: { pk: { S: 'a' } } } }] }, /'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null/],
      ['a key that does not match the schema', { TransactItems: [{ Delete: { TableName: 'fixture-plain', Key: { id: { S: 'a' } } } }] }, /^The provided key element does not match the schema$/],
    ])('refuses %s with ValidationException', async (_label, input, message) => {
      const error = await failure(dynamodb.call('TransactWriteItems', input));
      expect(error.type).toBe('ValidationException');
      expect(error.message).toMatch(message);
    });

    it('refuses an unknown table with ResourceNotFoundException, writing nothing', async () => {
      // Act
      const error = await failure(dynamodb.call('TransactWriteItems', { TransactItems: [{ Put: { TableName: orders, Item: order('1') } }, { Put: { TableName: 'no-such-table', Item: { pk: { S: 'a' } } } }] }));

      // Assess
      expect(error).toMatchObject({ type: 'ResourceNotFoundException', message: 'Requested resource not found' });
      expect(await get('1')).toBeUndefined();
    });
  });

  describe('functionality', () => {
    it('applies every action across tables, or none', async () => {
      // Prepare
      await dynamodb.call('PutItem', { TableName: orders, Item: order('to-delete') });
      await dynamodb.call('PutItem', { TableName: orders, Item: order('to-update', { total: { N: '1' } }) });

      // Act
      await dynamodb.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: orders, Item: order('new'), ConditionExpression: 'attribute_not_exists(orderId)' } },
          { Update: { TableName: orders, Key: key('to-update'), UpdateExpression: 'SET #t = #t + :n', ExpressionAttributeNames: { '#t': 'total' }, ExpressionAttributeValues: { ':n': { N: '41' } } } },
          { Delete: { TableName: orders, Key: key('to-delete') } },
          { Put: { TableName: plain, Item: { pk: { S: `${customer}-plain` } } } },
        ],
      });

      // Assess
      expect(await get('new')).toEqual(order('new'));
      expect(await get('to-update')).toEqual(order('to-update', { total: { N: '42' } }));
      expect(await get('to-delete')).toBeUndefined();
      expect((await dynamodb.call('GetItem', { TableName: plain, Key: { pk: { S: `${customer}-plain` } } })).Item).toBeDefined();
    });

    it('cancels everything when one condition fails, with a reason per action in order', async () => {
      // Prepare
      await dynamodb.call('PutItem', { TableName: orders, Item: order('exists', { total: { N: '5' } }) });

      // Act
      const error = await failure(dynamodb.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: orders, Item: order('fresh') } },
          { Put: { TableName: orders, Item: order('exists'), ConditionExpression: 'attribute_not_exists(orderId)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          { ConditionCheck: { TableName: orders, Key: key('missing'), ConditionExpression: 'attribute_exists(orderId)' } },
        ],
      }));

      // Assess
      expect(error.type).toBe('TransactionCanceledException');
      expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]');
      expect(error.details.CancellationReasons).toEqual([
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: order('exists', { total: { N: '5' } }) },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      ]);
      expect(await get('fresh')).toBeUndefined();
      expect(await get('exists')).toEqual(order('exists', { total: { N: '5' } }));
    });

    it('reports an action that cannot be applied as ValidationError, and applies nothing', async () => {
      // Prepare
      await dynamodb.call('PutItem', { TableName: orders, Item: order('text', { note: { S: 'hello' } }) });

      // Act
      const error = await failure(dynamodb.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: orders, Item: order('other') } },
          { Update: { TableName: orders, Key: key('text'), UpdateExpression: 'ADD note :n', ExpressionAttributeValues: { ':n': { N: '1' } } } },
        ],
      }));

      // Assess
      expect(error.details.CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'ValidationError', Message: 'An operand in the update expression has an incorrect data type' }]);
      expect(await get('other')).toBeUndefined();
    });

    it('writes a stream record per changed item, all in one commit', async () => {
      // Prepare
      const seen: string[] = [];
      const subscription = dynamodb.onStreamRecords(orders, (records) => void seen.push(...records.map((r) => `${r.eventName} ${r.dynamodb.Keys.orderId.S}`)));
      await new Promise((resolve) => setTimeout(resolve, 10));

      // Act
      await dynamodb.call('TransactWriteItems', { TransactItems: [{ Put: { TableName: orders, Item: order('s1') } }, { Put: { TableName: orders, Item: order('s2') } }] });

      // Assess
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      subscription.close();
      expect(seen).toEqual(['INSERT s1', 'INSERT s2']);
    });

    it('applies a ClientRequestToken once, refuses it with other parameters, and forgets it after 10 minutes', async () => {
      // Prepare
      const increment = {
        ClientRequestToken: `token-${customer}`,
        TransactItems: [{ Update: { TableName: orders, Key: key('counter'), UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }],
      };

      // Act
      await dynamodb.call('TransactWriteItems', increment);
      await dynamodb.call('TransactWriteItems', increment);
      const mismatch = await failure(dynamodb.call('TransactWriteItems', { ...increment, TransactItems: [{ Put: { TableName: orders, Item: order('x') } }] }));
      const afterRetries = await get('counter');
      clock.now += 10 * 60 * 1000 + 1;
      await dynamodb.call('TransactWriteItems', increment);

      // Assess
      expect(afterRetries).toEqual(order('counter', { hits: { N: '1' } }));
      expect(mismatch.type).toBe('IdempotentParameterMismatchException');
      expect(await get('counter')).toEqual(order('counter', { hits: { N: '2' } }));
    });

    it('TransactGetItems returns items in request order, {} for missing ones, with projections', async () => {
      // Prepare
      await dynamodb.call('PutItem', { TableName: orders, Item: order('a', { total: { N: '1' }, note: { S: 'x' } }) });
      await dynamodb.call('PutItem', { TableName: plain, Item: { pk: { S: `${customer}-p` } } });

      // Act
      const result = await dynamodb.call('TransactGetItems', {
        TransactItems: [
          { Get: { TableName: plain, Key: { pk: { S: `${customer}-p` } } } },
          { Get: { TableName: orders, Key: key('missing') } },
          { Get: { TableName: orders, Key: key('a'), ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': 'total' } } },
        ],
      });

      // Assess
      expect(result.Responses).toEqual([{ Item: { pk: { S: `${customer}-p` } } }, {}, { Item: { total: { N: '1' } } }]);
    });

    it('never shows a transaction half applied to TransactGetItems', async () => {
      // Prepare
      const both = (n: number) => ({
        TransactItems: [
          { Update: { TableName: orders, Key: key('left'), UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: String(n) } } } },
          { Update: { TableName: plain, Key: { pk: { S: `${customer}-right` } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: String(n) } } } },
        ],
      });
      const read = () => dynamodb.call('TransactGetItems', { TransactItems: [{ Get: { TableName: orders, Key: key('left') } }, { Get: { TableName: plain, Key: { pk: { S: `${customer}-right` } } } }] });
      await dynamodb.call('TransactWriteItems', both(0));

      // Act
      const reads: Promise<Record<string, unknown>>[] = [];
      const writes: Promise<unknown>[] = [];
      for (let n = 1; n <= 30; n++) {
        writes.push(dynamodb.call('TransactWriteItems', both(n)));
        reads.push(read());
      }
      await Promise.all(writes);

      // Assess
      for (const result of await Promise.all(reads)) {
        const [left, right] = result.Responses as { Item: { v: { N: string } } }[];
        expect(left.Item.v).toEqual(right.Item.v);
      }
    });
  });
});
