import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../../local/assembly';
import { tableDefinition, TableDefinitionError, tableDefinitions } from '../../../../../local/dynamodb/tables/definitions';

const fixture = CloudAssembly.load({ dir: path.resolve('tests/fixtures/dynamodb-table'), endpoint: 'http://127.0.0.1:4566', seed: 'definitions' });
const byLogicalId = (id: string) => tableDefinitions(fixture).find((d) => d.source.endsWith(`/${id}`))!;

describe('table definitions from the assembly', () => {
  it('reads an AWS::DynamoDB::Table: keys, LSI, GSI, on-demand billing, its stream with the ARN the assembly gives it', () => {
    // Act
    const orders = byLogicalId('Orders');

    // Assess
    const resource = fixture.ofType('AWS::DynamoDB::Table').find((r) => r.logicalId === 'Orders')!;
    expect(orders.createTable).toMatchObject({
      TableName: resource.ref(),
      KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'orderId', KeyType: 'RANGE' }],
      LocalSecondaryIndexes: [{ IndexName: 'byTotal', Projection: { ProjectionType: 'KEYS_ONLY' } }],
      GlobalSecondaryIndexes: [{ IndexName: 'byStatus', Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] } }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(orders.stream).toEqual({ viewType: 'NEW_AND_OLD_IMAGES', arn: resource.getAtt('StreamArn') });
    expect(orders.ttl).toBeUndefined();
  });

  it('reads provisioned billing and Time to Live', () => {
    expect(byLogicalId('Sessions')).toMatchObject({
      createTable: { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } },
      ttl: { attributeName: 'expiresAt' },
    });
    expect(byLogicalId('Plain').stream).toBeUndefined();
  });

  it("reads Amplify's camelCase Custom::AmplifyDynamoDBTable, dropping index throughput of an on-demand table", () => {
    // Act
    const note = byLogicalId('AmplifyTable');

    // Assess
    const resource = fixture.ofType('Custom::AmplifyDynamoDBTable')[0];
    expect(note.createTable).toEqual({
      TableName: 'Note-dynamodb-table-NONE',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'owner', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(note.stream).toEqual({ viewType: 'NEW_AND_OLD_IMAGES', arn: resource.getAtt('TableStreamArn') });
    expect(note.ttl).toEqual({ attributeName: 'ttl' });
  });

  it("reads every table of Flare's assembly with its keys, indexes and stream", () => {
    // Prepare
    const flare = CloudAssembly.load({ dir: path.resolve('.amplify/local/cdk.out'), endpoint: 'http://127.0.0.1:4566', seed: 'definitions' });
    const resources = flare.ofType('Custom::AmplifyDynamoDBTable', 'AWS::DynamoDB::Table');

    // Act
    const definitions = tableDefinitions(flare);

    // Assess
    expect(definitions).toHaveLength(resources.length);
    expect(resources.length).toBeGreaterThan(0);
    for (const [i, resource] of resources.entries()) {
      // Amplify's tables spell their properties in camelCase, CloudFormation's own in PascalCase.
      const raw = resource.properties() as Record<string, unknown>;
      const properties = { keySchema: ((raw.keySchema ?? raw.KeySchema) as Record<string, string>[]).map((k) => ({ attributeName: k.attributeName ?? k.AttributeName })), globalSecondaryIndexes: ((raw.globalSecondaryIndexes ?? raw.GlobalSecondaryIndexes) as Record<string, string>[] | undefined)?.map((i) => ({ indexName: i.indexName ?? i.IndexName })) };
      expect(definitions[i].createTable.TableName).toBe(resource.ref());
      expect((definitions[i].createTable.KeySchema as { AttributeName: string }[]).map((k) => k.AttributeName)).toEqual(properties.keySchema.map((k) => k.attributeName));
      expect(((definitions[i].createTable.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).map((index) => index.IndexName)).toEqual((properties.globalSecondaryIndexes ?? []).map((index) => index.indexName));
      const streams = raw.streamSpecification ?? raw.StreamSpecification;
      if (streams) expect(definitions[i].stream?.arn).toBe(resource.getAtt('TableStreamArn'));
      else expect(definitions[i].stream).toBeUndefined();
    }
  });

  it('refuses, naming the table, a definition without keys or with an unknown stream view type', () => {
    // Prepare
    const resource = fixture.ofType('AWS::DynamoDB::Table')[0];
    const withProperties = (properties: Record<string, unknown>) => ({ ...resource, properties: () => properties });

    // Act / Assess
    expect(() => tableDefinition(withProperties({ TableName: 'x' }))).toThrow(TableDefinitionError);
    expect(() => tableDefinition(withProperties({ TableName: 'x' }))).toThrow(/Orders: it has no KeySchema/);
    expect(() =>
      tableDefinition(withProperties({ KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }], StreamSpecification: { StreamViewType: 'EVERYTHING' } })),
    ).toThrow(/unknown StreamViewType EVERYTHING/);
  });
});
