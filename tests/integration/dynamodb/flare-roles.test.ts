import { PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { clients, startCloud, tableName } from './helpers';

/** Flare's functions' roles, as synthesized, against Flare's tables: what the policies allow runs, the rest is denied. */
describe("Flare's function roles on Flare's tables", () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startCloud({ before: [iamService()] });
  });
  afterAll(() => cloud?.stop());

  const roleCredentials = (logicalIdPrefix: string) => {
    const role = cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(logicalIdPrefix));
    if (!role) throw new Error(`No role ${logicalIdPrefix}* in the assembly`);
    return cloud.services.get<IamService>('iam').issueRoleCredentials(String(role.getAtt('Arn')), { sessionName: logicalIdPrefix });
  };

  it('the lifecycle function may write an incident and its timeline event in one transaction', async () => {
    // Prepare
    const { dynamodb } = clients(cloud, roleCredentials('incidentlifecyclelambdaServiceRole'));

    // Act
    const result = await dynamodb.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: tableName(cloud, 'IncidentTable'), Item: { id: { S: 'inc-1' }, status: { S: 'ACKNOWLEDGED' }, triggeredAt: { S: '2026-01-01T00:00:00Z' } }, ConditionExpression: 'attribute_not_exists(id)' } },
        { Put: { TableName: tableName(cloud, 'TimelineEventTable'), Item: { id: { S: 'ev-1' }, incidentId: { S: 'inc-1' }, createdAt: { S: '2026-01-01T00:00:00Z' } } } },
      ],
    }));

    // Assess
    expect(result.$metadata.httpStatusCode).toBe(200);
  });

  it('the stats function reads incidents by index but may not write them', async () => {
    // Prepare
    const { dynamodb } = clients(cloud, roleCredentials('incidentstatslambdaServiceRole'));
    const TableName = tableName(cloud, 'IncidentTable');

    // Act
    const query = await dynamodb.send(new QueryCommand({ TableName, IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'ACKNOWLEDGED' } } }));
    const put = await dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'nope' } } })).catch((e: Error) => e);

    // Assess
    expect(query.Items?.map((i) => i.id.S)).toEqual(['inc-1']);
    expect(put).toMatchObject({ name: 'AccessDeniedException' });
    expect((put as Error).message).toMatch(/^User: arn:aws:sts::000000000000:assumed-role\/.+\/incidentstatslambdaServiceRole is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/Incident-.+ because no identity-based policy allows the dynamodb:PutItem action$/);
  });
});
