import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { DynamoDBError } from '../../../local/dynamodb';
import { iamService } from '../../../local/iam';
import type { Credentials, IamService } from '../../../local/iam/types';
import { clients, service, startCloud, tableName } from './helpers';

/**
 * Authentication (SigV4, by the local IAM service) and authorization (the role's policies) of
 * DynamoDB requests, on the fixture's ReaderRole: GetItem, PutItem, Query (table and
 * byStatus index) and ConditionCheckItem on Orders, the streams APIs on anything, and an
 * explicit deny of PutItem inside TransactWriteItems.
 */
describe('DynamoDB authentication and authorization', () => {
  let cloud: LocalCloud;
  let orders: string;
  let ordersArn: string;
  let roleArn: string;
  let reader: Credentials;
  beforeAll(async () => {
    cloud = await startCloud({ fixture: true, before: [iamService()] });
    orders = tableName(cloud, 'Orders');
    ordersArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${orders}`;
    roleArn = String(cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId === 'ReaderRole')!.getAtt('Arn'));
    reader = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn, { sessionName: 'reader' });
  });
  afterAll(() => cloud?.stop());

  const roleName = () => roleArn.split('/').pop();
  const order = { customerId: { S: 'c' }, orderId: { S: 'o' } };

  describe('authentication', () => {
    it('accepts the root credentials', async () => {
      const result = await clients(cloud).dynamodb.send(new GetItemCommand({ TableName: orders, Key: order }));
      expect(result.$metadata.httpStatusCode).toBe(200);
    });

    it('refuses a wrong secret with InvalidSignatureException', async () => {
      const error = await clients(cloud, { accessKeyId: 'test', secretAccessKey: 'not-the-secret' }).dynamodb.send(new GetItemCommand({ TableName: orders, Key: order })).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    });

    it('refuses an unknown access key with UnrecognizedClientException', async () => {
      const error = await clients(cloud, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }).dynamodb.send(new GetItemCommand({ TableName: orders, Key: order })).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    });

    it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
      // Act
      const response = await fetch(cloud.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ __type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    });
  });

  describe('authorization', () => {
    it('lets a role do what its policy allows', async () => {
      // Act
      await clients(cloud, reader).dynamodb.send(new PutItemCommand({ TableName: orders, Item: { ...order, status: { S: 'NEW' } } }));
      const got = await clients(cloud, reader).dynamodb.send(new GetItemCommand({ TableName: orders, Key: order }));
      const byStatus = await clients(cloud, reader).dynamodb.send(new QueryCommand({ TableName: orders, IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'NEW' } } }));
      const stream = await clients(cloud, reader).streams.send(new DescribeStreamCommand({ StreamArn: `${ordersArn}/stream/2026-01-01T00:00:00.000` }));

      // Assess
      expect(got.Item).toBeDefined();
      expect(byStatus.Count).toBe(1);
      expect(stream.StreamDescription?.TableName).toBe(orders);
    });

    it("refuses with AWS's AccessDeniedException sentence what no policy allows", async () => {
      // Act
      const error = await clients(cloud, reader).dynamodb.send(new PutItemCommand({ TableName: 'fixture-plain', Item: { pk: { S: 'x' } } })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
        message: `User: arn:aws:sts::000000000000:assumed-role/${roleName()}/reader is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/fixture-plain because no identity-based policy allows the dynamodb:PutItem action`,
      });
    });

    it('authorizes a query of an index on the index ARN', async () => {
      // Act
      const error = await clients(cloud, reader).dynamodb.send(new QueryCommand({ TableName: orders, IndexName: 'byTotal', KeyConditionExpression: 'customerId = :c', ExpressionAttributeValues: { ':c': { S: 'c' } } })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({ name: 'AccessDeniedException' });
      expect((error as Error).message).toContain(`dynamodb:Query on resource: ${ordersArn}/index/byTotal because`);
    });

    it('authorizes each action of a transaction as its own action, with dynamodb:EnclosingOperation', async () => {
      // Act
      const error = await clients(cloud, reader).dynamodb.send(new TransactWriteItemsCommand({
        TransactItems: [
          { ConditionCheck: { TableName: orders, Key: order, ConditionExpression: 'attribute_exists(orderId)' } },
          { Put: { TableName: orders, Item: { customerId: { S: 'c' }, orderId: { S: 'tx' } } } },
        ],
      })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({ name: 'AccessDeniedException' });
      expect((error as Error).message).toBe(`User: arn:aws:sts::000000000000:assumed-role/${roleName()}/reader is not authorized to perform: dynamodb:PutItem on resource: ${ordersArn} with an explicit deny in an identity-based policy`);
      expect((await clients(cloud).dynamodb.send(new GetItemCommand({ TableName: orders, Key: { customerId: { S: 'c' }, orderId: { S: 'tx' } } }))).Item).toBeUndefined();
    });

    it('authorizes in-process calls made for a caller, and not those made without one', async () => {
      // Prepare
      const principal = cloud.services.get<IamService>('iam').principalOf(reader);

      // Act
      const denied = await service(cloud).call('DeleteItem', { TableName: orders, Key: order }, principal).catch((e: Error) => e);
      const internal = await service(cloud).call('GetItem', { TableName: 'fixture-plain', Key: { pk: { S: 'x' } } });

      // Assess
      expect(denied).toBeInstanceOf(DynamoDBError);
      expect(denied).toMatchObject({ type: 'AccessDeniedException', statusCode: 400 });
      expect(internal).toEqual({});
    });
  });
});
