import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DescribeTableCommand,
  ExecuteStatementCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand as DocumentQueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { clients, startCloud, tableName } from './helpers';

/** Items on Flare's tables and the fixture's, through the edge with the real SDK clients (and raw HTTP for the wire format). */
describe('DynamoDB items on the local edge', () => {
  let flare: LocalCloud;
  let fixture: LocalCloud;
  beforeAll(async () => {
    [flare, fixture] = await Promise.all([startCloud(), startCloud({ fixture: true })]);
  });
  afterAll(async () => {
    await Promise.all([flare?.stop(), fixture?.stop()]);
  });

  /** A raw DynamoDB JSON request: status, error type header and parsed body. */
  const raw = async (cloud: LocalCloud, target: string, body: string) => {
    const response = await fetch(cloud.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body });
    return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };

  describe('serialization', () => {
    it('answers malformed JSON with SerializationException from the service framework, and keeps serving', async () => {
      // Act
      const bad = await raw(flare, 'DynamoDB_20120810.GetItem', '{"TableName": ');
      const after = await raw(flare, 'DynamoDB_20120810.ListTables', '{}');

      // Assess
      expect(bad.status).toBe(400);
      expect(bad.contentType).toBe('application/x-amz-json-1.0');
      expect(bad.body.__type).toBe('com.amazon.coral.service#SerializationException');
      expect(after.status).toBe(200);
    });

    it.each([
      ['a number for a string', '{"TableName": 5, "Key": {}}', 'NUMBER_VALUE cannot be converted to String'],
      ['a string for a map', '{"TableName": "t", "Key": "id"}', 'Unexpected field type'],
      ['a list for a map', '{"TableName": "t", "Key": []}', /^Unrecognized collection type/],
    ])('answers %s with SerializationException', async (_label, body, message) => {
      // Act
      const response = await raw(flare, 'DynamoDB_20120810.GetItem', body);

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.__type).toBe('com.amazon.coral.service#SerializationException');
      expect(response.body.message).toMatch(message);
    });

    it('answers an unknown operation with UnknownOperationException', async () => {
      // Act
      const response = await raw(flare, 'DynamoDB_20120810.FrobnicateItem', '{}');

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.__type).toBe('com.amazon.coral.service#UnknownOperationException');
    });

    it('names a DynamoDB operation it does not implement (PartiQL)', async () => {
      // Act
      const error = await clients(flare).dynamodb.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM x' })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({ name: 'UnknownOperationException', message: 'The local DynamoDB does not implement ExecuteStatement (PartiQL)' });
    });

    it('namespaces its own errors as DynamoDB does', async () => {
      // Act
      const response = await raw(flare, 'DynamoDB_20120810.GetItem', '{"TableName": "no-such-table", "Key": {"id": {"S": "1"}}}');

      // Assess
      expect(response).toMatchObject({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' } });
    });
  });

  describe('validation', () => {
    it('refuses an unknown table with ResourceNotFoundException "Requested resource not found"', async () => {
      // Act
      const error = await clients(flare).dynamodb.send(new GetItemCommand({ TableName: 'no-such-table', Key: { id: { S: '1' } } })).catch((e: Error) => e);

      // Assess
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect((error as ResourceNotFoundException).message).toBe('Requested resource not found');
      expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    });

    it('refuses an item over 400 KB: "Item size has exceeded the maximum allowed size"', async () => {
      // Prepare
      const table = tableName(flare, 'ServiceTable');

      // Act
      const error = await clients(flare).dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'big' }, blob: { S: 'x'.repeat(400 * 1024) } } })).catch((e: Error) => e);
      const fits = await clients(flare).dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'almost' }, blob: { S: 'x'.repeat(399 * 1024) } } }));

      // Assess
      expect(error).toMatchObject({ name: 'ValidationException', message: 'Item size has exceeded the maximum allowed size' });
      expect(fits.$metadata.httpStatusCode).toBe(200);
    });

    it.each([
      ['a missing key attribute', { status: { S: 'x' } }, 'One or more parameter values were invalid: Missing the key id in the item'],
      ['a key of the wrong type', { id: { N: '1' } }, 'One or more parameter values were invalid: Type mismatch for key id expected: S actual: N'],
      ['an index key of the wrong type', { id: { S: '1' }, status: { N: '1' } }, 'One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus'],
    ])('refuses %s with ValidationException', async (_label, item, message) => {
      // Act
      const error = await clients(flare).dynamodb.send(new PutItemCommand({ TableName: tableName(flare, 'IncidentTable'), Item: item as never })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ValidationException', message });
    });
  });

  describe('functionality', () => {
    it("lists Flare's tables under the names the assembly gives them, with their indexes and streams", async () => {
      // Prepare
      const resources = flare.assembly.ofType('Custom::AmplifyDynamoDBTable');

      // Act
      const { TableNames } = await clients(flare).dynamodb.send(new ListTablesCommand({}));
      const described = await Promise.all(resources.map((r) => clients(flare).dynamodb.send(new DescribeTableCommand({ TableName: r.ref() }))));

      // Assess
      // Beside the model tables, Flare's backend declares plain CDK tables (the service names' claims).
      const plain = flare.assembly.ofType('AWS::DynamoDB::Table');
      expect(plain.length).toBeGreaterThan(0);
      expect(TableNames).toEqual([...resources, ...plain].map((r) => r.ref()).sort());
      for (const [i, resource] of resources.entries()) {
        const properties = resource.properties() as { globalSecondaryIndexes?: { indexName: string }[] };
        expect(described[i].Table).toMatchObject({ TableStatus: 'ACTIVE', TableArn: resource.getAtt('TableArn'), LatestStreamArn: resource.getAtt('TableStreamArn'), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
        expect((described[i].Table!.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual((properties.globalSecondaryIndexes ?? []).map((index) => index.indexName).sort());
      }
    });

    it('puts, gets, updates and queries a GSI with the document client', async () => {
      // Prepare
      const { documents } = clients(flare);
      const TableName = tableName(flare, 'IncidentTable');

      // Act
      await documents.send(new PutCommand({ TableName, Item: { id: 'i1', status: 'TRIGGERED', triggeredAt: '2026-01-01T00:00:00Z', alertCount: 1, tags: new Set(['db']) } }));
      await documents.send(new PutCommand({ TableName, Item: { id: 'i2', status: 'TRIGGERED', triggeredAt: '2026-01-02T00:00:00Z', alertCount: 1 } }));
      const updated = await documents.send(new UpdateCommand({ TableName, Key: { id: 'i1' }, UpdateExpression: 'SET alertCount = alertCount + :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }));
      const item = await documents.send(new GetCommand({ TableName, Key: { id: 'i1' } }));
      const triggered = await documents.send(new DocumentQueryCommand({ TableName, IndexName: 'byStatus', KeyConditionExpression: '#s = :s AND triggeredAt > :t', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'TRIGGERED', ':t': '2026-01-01T12:00:00Z' } }));

      // Assess
      expect(updated.Attributes).toEqual({ alertCount: 2 });
      expect(item.Item).toEqual({ id: 'i1', status: 'TRIGGERED', triggeredAt: '2026-01-01T00:00:00Z', alertCount: 2, tags: new Set(['db']) });
      expect(triggered.Items?.map((i) => i.id)).toEqual(['i2']);
    });

    it('returns the item with a failed condition when asked (ReturnValuesOnConditionCheckFailure=ALL_OLD)', async () => {
      // Prepare
      const { dynamodb } = clients(flare);
      const TableName = tableName(flare, 'ServiceTable');
      await dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'svc' }, name: { S: 'API' } } }));

      // Act
      const error = await dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'svc' } }, ConditionExpression: 'attribute_not_exists(id)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })).catch((e: Error) => e);
      const plain = await dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'svc' } }, ConditionExpression: 'attribute_not_exists(id)' })).catch((e: Error) => e);

      // Assess
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect((error as ConditionalCheckFailedException).message).toBe('The conditional request failed');
      expect((error as ConditionalCheckFailedException).Item).toEqual({ id: { S: 'svc' }, name: { S: 'API' } });
      expect((plain as ConditionalCheckFailedException).Item).toBeUndefined();
    });

    it('writes and reads in batches across tables', async () => {
      // Prepare
      const { dynamodb } = clients(fixture);

      // Act
      const written = await dynamodb.send(new BatchWriteItemCommand({
        RequestItems: {
          'fixture-plain': [{ PutRequest: { Item: { pk: { S: 'b1' } } } }, { PutRequest: { Item: { pk: { S: 'b2' } } } }],
          'fixture-keys-only': [{ PutRequest: { Item: { pk: { S: 'k1' } } } }],
        },
      }));
      const read = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { 'fixture-plain': { Keys: [{ pk: { S: 'b1' } }, { pk: { S: 'b2' } }, { pk: { S: 'none' } }] }, 'fixture-keys-only': { Keys: [{ pk: { S: 'k1' } }] } } }));

      // Assess
      expect(written.UnprocessedItems).toEqual({});
      expect(read.Responses!['fixture-plain'].map((i) => i.pk.S).sort()).toEqual(['b1', 'b2']);
      expect(read.Responses!['fixture-keys-only']).toEqual([{ pk: { S: 'k1' } }]);
    });

    it('queries a local secondary index with its projection', async () => {
      // Prepare
      const { dynamodb } = clients(fixture);
      const TableName = tableName(fixture, 'Orders');
      for (const [orderId, total] of [['o1', '30'], ['o2', '10'], ['o3', '20']]) {
        await dynamodb.send(new PutItemCommand({ TableName, Item: { customerId: { S: 'ada' }, orderId: { S: orderId }, total: { N: total }, note: { S: 'kept out of the index' } } }));
      }

      // Act
      const byTotal = await dynamodb.send(new QueryCommand({ TableName, IndexName: 'byTotal', KeyConditionExpression: 'customerId = :c AND #t >= :min', ExpressionAttributeNames: { '#t': 'total' }, ExpressionAttributeValues: { ':c': { S: 'ada' }, ':min': { N: '15' } } }));

      // Assess
      expect(byTotal.Items).toEqual([
        { customerId: { S: 'ada' }, orderId: { S: 'o3' }, total: { N: '20' } },
        { customerId: { S: 'ada' }, orderId: { S: 'o1' }, total: { N: '30' } },
      ]);
    });
  });
});
