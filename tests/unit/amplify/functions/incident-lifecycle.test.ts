import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolverEvent, cognitoIdentity, iamIdentity } from './events';
import { crashOf, freezeDateAt, handlerWithEnvironment, rejectionOf } from './harness';
import { setAssignments } from './update-expression';

// The variables the synthesized function receives (see tests/assembly/functions.test.ts).
const ENV = {
  AWS_REGION: 'us-east-1',
  INCIDENT_TABLE_NAME: 'Incident-test-NONE',
  TIMELINE_EVENT_TABLE_NAME: 'TimelineEvent-test-NONE',
  FLARE_FILES_BUCKET_NAME: 'flare-files-test',
} as const;
const NOW = '2026-06-01T12:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const handler = handlerWithEnvironment(ENV, () => import('../../../../amplify/functions/incident-lifecycle/handler'));
freezeDateAt(NOW);
type Args = Parameters<typeof handler>[0]['arguments'];

function storedIncident(overrides: Record<string, unknown> = {}) {
  return {
    id: 'inc-1',
    __typename: 'Incident',
    title: 'Checkout latency',
    severity: 'SEV2',
    status: 'TRIGGERED',
    serviceId: 'svc-checkout',
    escalationLevel: 0,
    alertCount: 1,
    triggeredAt: '2026-06-01T11:50:00.000Z',
    createdAt: '2026-06-01T11:50:00.000Z',
    updatedAt: '2026-06-01T11:50:00.000Z',
    ...overrides,
  };
}

function acknowledge(incidentId = 'inc-1', identity = cognitoIdentity()) {
  return handler(resolverEvent<Args>('acknowledgeIncident', { incidentId }, { identity }));
}

function resolve(resolution: string, incidentId = 'inc-1') {
  return handler(resolverEvent<Args>('resolveIncident', { incidentId, resolution }));
}

/** The one TransactWriteItems request the handler sent. */
function onlyTransaction() {
  const calls = dynamo.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  const [update, put] = calls[0].args[0].input.TransactItems ?? [];
  return { items: calls[0].args[0].input.TransactItems ?? [], update: update?.Update, put: put?.Put };
}

beforeEach(() => {
  dynamo.reset();
  s3.reset();
});

describe('acknowledgeIncident', () => {
  it('reads the incident consistently, then writes the update and its timeline event in one transaction', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await acknowledge();

    // Assess
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'Incident-test-NONE', Key: { id: 'inc-1' }, ConsistentRead: true },
    ]);
    const { items, update, put } = onlyTransaction();
    expect(items).toHaveLength(2);
    expect(update).toMatchObject({
      TableName: 'Incident-test-NONE',
      Key: { id: 'inc-1' },
      ConditionExpression: '#status = :expected',
    });
    expect(update?.ExpressionAttributeNames?.['#status']).toBe('status');
    expect(update?.ExpressionAttributeValues?.[':expected']).toBe('TRIGGERED');
    expect(setAssignments(update!)).toEqual({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: NOW,
      updatedAt: NOW,
      commander: 'alice@example.com',
    });
    expect(put).toEqual({
      TableName: 'TimelineEvent-test-NONE',
      Item: {
        id: expect.stringMatching(UUID),
        __typename: 'TimelineEvent',
        incidentId: 'inc-1',
        kind: 'ACKNOWLEDGED',
        message: 'Acknowledged by alice@example.com',
        author: 'alice@example.com',
        createdAt: NOW,
        updatedAt: NOW,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    });
  });

  it('returns the updated incident with the caller as commander', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const incident = await acknowledge();

    // Assess
    expect(incident).toEqual({
      ...storedIncident(),
      status: 'ACKNOWLEDGED',
      acknowledgedAt: NOW,
      updatedAt: NOW,
      commander: 'alice@example.com',
    });
  });

  it('falls back to the username when the token carries no email (access tokens do not)', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).resolves({});
    const identity = cognitoIdentity({ username: 'carol', claims: { 'cognito:groups': ['RESPONDERS'] } });

    // Act
    const incident = await acknowledge('inc-1', identity);

    // Assess
    expect(incident.commander).toBe('carol');
    expect(onlyTransaction().put?.Item?.author).toBe('carol');
  });

  it('records an IAM caller by its role name', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const incident = await handler(resolverEvent<Args>('acknowledgeIncident', { incidentId: 'inc-1' }, { identity: iamIdentity('pagerBridgeRole') }));

    // Assess
    expect(incident.commander).toBe('pagerBridgeRole');
  });

  it('writes no report', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await acknowledge();

    // Assess
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('resolveIncident', () => {
  it.each(['TRIGGERED', 'ACKNOWLEDGED'])('resolves a %s incident with the trimmed resolution', async (status) => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ status }) });
    dynamo.on(TransactWriteCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});

    // Act
    const incident = await resolve('  Rolled back release 42.  ');

    // Assess
    const { update, put } = onlyTransaction();
    expect(update?.ExpressionAttributeValues?.[':expected']).toBe(status);
    expect(setAssignments(update!)).toEqual({
      status: 'RESOLVED',
      resolvedAt: NOW,
      updatedAt: NOW,
      resolution: 'Rolled back release 42.',
    });
    expect(put?.Item).toMatchObject({ kind: 'RESOLVED', message: 'Rolled back release 42.', author: 'alice@example.com' });
    expect(incident).toMatchObject({ status: 'RESOLVED', resolvedAt: NOW, resolution: 'Rolled back release 42.' });
  });

  it('does not change the commander', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ status: 'ACKNOWLEDGED', commander: 'dave@example.com' }) });
    dynamo.on(TransactWriteCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});

    // Act
    const incident = await resolve('Fixed');

    // Assess
    expect(setAssignments(onlyTransaction().update!)).not.toHaveProperty('commander');
    expect(incident.commander).toBe('dave@example.com');
  });

  it('writes the resolved incident as a JSON report to reports/incidents/<id>.json', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ id: 'inc-77', status: 'ACKNOWLEDGED' }) });
    dynamo.on(TransactWriteCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});

    // Act
    const incident = await resolve('Disk replaced', 'inc-77');

    // Assess
    const puts = s3.commandCalls(PutObjectCommand);
    expect(puts).toHaveLength(1);
    const { Body, ...request } = puts[0].args[0].input;
    expect(request).toEqual({ Bucket: 'flare-files-test', Key: 'reports/incidents/inc-77.json', ContentType: 'application/json' });
    expect(JSON.parse(String(Body))).toEqual(incident);
  });

  it('writes the report only after the transaction succeeded', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).rejects(new Error('network down'));

    // Act
    const { error, logged } = await crashOf(resolve('Fixed'));

    // Assess
    expect(error.name).toBe('InternalFailure');
    expect(logged.message).toBe('network down');
    expect(s3.calls()).toHaveLength(0);
  });

  it('fails before writing anything when the bucket is not configured', async () => {
    // Prepare
    vi.stubEnv('FLARE_FILES_BUCKET_NAME', '');
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const { error, logged } = await crashOf(resolve('Fixed'));

    // Assess
    expect(error.name).toBe('InternalFailure');
    expect(logged.message).toBe('Environment variable FLARE_FILES_BUCKET_NAME is not set');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it.each([
    ['blank', '   ', 'A resolution is required to resolve an incident'],
    ['too long', 'x'.repeat(4001), 'A resolution is at most 4000 characters (got 4001)'],
  ])('rejects a %s resolution as ValidationError without touching DynamoDB', async (_case, resolution, message) => {
    // Act
    const error = await rejectionOf(resolve(resolution));

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError', message });
    expect(dynamo.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('illegal transitions', () => {
  it.each([
    ['acknowledge', 'ACKNOWLEDGED', 'Cannot acknowledge an incident that is ACKNOWLEDGED'],
    ['acknowledge', 'RESOLVED', 'Cannot acknowledge an incident that is RESOLVED'],
    ['resolve', 'RESOLVED', 'Cannot resolve an incident that is RESOLVED'],
  ])('refuses to %s a %s incident as IllegalTransition and writes nothing', async (verb, status, message) => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ status }) });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const error = await rejectionOf(verb === 'acknowledge' ? acknowledge() : resolve('again'));

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('IllegalTransition');
    expect(error.message).toBe(message);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('turns a cancelled transaction (a concurrent transition) into IllegalTransition from the latest status', async () => {
    // Prepare: TRIGGERED when read, ACKNOWLEDGED by someone else before our write
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: storedIncident({ status: 'TRIGGERED' }) })
      .resolvesOnce({ Item: storedIncident({ status: 'ACKNOWLEDGED' }) });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const error = await rejectionOf(acknowledge());

    // Assess
    expect(error).toMatchObject({ name: 'IllegalTransition', message: 'Cannot acknowledge an incident that is ACKNOWLEDGED' });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(GetCommand)[1].args[0].input).toEqual({
      TableName: 'Incident-test-NONE',
      Key: { id: 'inc-1' },
      ConsistentRead: true,
    });
  });

  it('reports a concurrently deleted incident as "missing"', async () => {
    // Prepare
    dynamo.on(GetCommand).resolvesOnce({ Item: storedIncident() }).resolvesOnce({});
    dynamo.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} }));
    s3.on(PutObjectCommand).resolves({});

    // Act
    const error = await rejectionOf(resolve('Fixed'));

    // Assess
    expect(error).toMatchObject({ name: 'IllegalTransition', message: 'Cannot resolve an incident that is missing' });
    expect(s3.calls()).toHaveLength(0);
  });

  it('logs other DynamoDB errors and answers the caller with InternalFailure', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    dynamo.on(GetCommand).resolves({ Item: storedIncident() });
    dynamo.on(TransactWriteCommand).rejects(throttled);

    // Act
    const { error, logged } = await crashOf(acknowledge());

    // Assess
    expect(error.name).toBe('InternalFailure');
    expect(logged).toBe(throttled);
  });
});

describe('lookup', () => {
  it('reports an unknown incident as NotFound and writes nothing', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const error = await rejectionOf(acknowledge('inc-404'));

    // Assess
    expect(error).toMatchObject({ name: 'NotFound', message: 'Incident inc-404 not found' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a field it does not resolve', async () => {
    // Act
    const { error, logged } = await crashOf(handler(resolverEvent<Args>('deleteIncident', { incidentId: 'inc-1' })));

    // Assess
    expect(error.name).toBe('InternalFailure');
    expect(logged.message).toBe('incident-lifecycle does not resolve Mutation.deleteIncident');
    expect(dynamo.calls()).toHaveLength(0);
  });
});
