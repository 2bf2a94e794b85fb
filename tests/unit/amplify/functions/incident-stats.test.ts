import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IncidentForStats } from '../../../../amplify/domain/incident-stats';
import { resolverEvent } from './events';
import { crashOf, handlerWithEnvironment, rejectionOf } from './harness';

type Args = { serviceId?: string | null; since?: string | null };

const ENV = {
  AWS_REGION: 'us-east-1',
  INCIDENT_TABLE_NAME: 'Incident-test-NONE',
  INCIDENT_SERVICE_INDEX: 'byService',
} as const;
const PROJECTION = '#status, severity, triggeredAt, acknowledgedAt, resolvedAt';

const dynamo = mockClient(DynamoDBDocumentClient);
const handler = handlerWithEnvironment(ENV, () => import('../../../../amplify/functions/incident-stats/handler'));

function stats(args: Args) {
  return handler(resolverEvent<Args>('incidentStats', args, { typeName: 'Query' }));
}

function row(status: string, severity: string, triggeredAt: string, times: { acknowledgedAt?: string; resolvedAt?: string } = {}): IncidentForStats {
  return { status, severity, triggeredAt, ...times };
}

beforeEach(() => {
  dynamo.reset();
});

describe('reading incidents', () => {
  it('scans the table when no service is given', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({ Items: [] });

    // Act
    await stats({});

    // Assess
    expect(dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'Incident-test-NONE', ExpressionAttributeNames: { '#status': 'status' }, ProjectionExpression: PROJECTION },
    ]);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('queries the service index when a service is given', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    await stats({ serviceId: 'svc-api' });

    // Assess
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'Incident-test-NONE',
        IndexName: 'byService',
        KeyConditionExpression: 'serviceId = :serviceId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':serviceId': 'svc-api' },
        ProjectionExpression: PROJECTION,
      },
    ]);
    expect(dynamo.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('narrows the query by the sort key when since is given', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    await stats({ serviceId: 'svc-api', since: '2026-08-01T00:00:00.000Z' });

    // Assess
    const [input] = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(input.KeyConditionExpression).toBe('serviceId = :serviceId AND triggeredAt >= :since');
    expect(input.ExpressionAttributeValues).toEqual({ ':serviceId': 'svc-api', ':since': '2026-08-01T00:00:00.000Z' });
  });

  it('filters the scan when since is given', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({ Items: [] });

    // Act
    await stats({ since: '2026-08-01T00:00:00.000Z' });

    // Assess
    const [input] = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(input.FilterExpression).toBe('triggeredAt >= :since');
    expect(input.ExpressionAttributeValues).toEqual({ ':since': '2026-08-01T00:00:00.000Z' });
  });

  it.each([
    ['without milliseconds', '2026-08-01T00:00:00Z', '2026-08-01T00:00:00.000Z'],
    ['with a UTC offset', '2026-08-01T02:00:00+02:00', '2026-08-01T00:00:00.000Z'],
  ])('compares with stored timestamps in their own form: a since %s is sent as UTC ISO with milliseconds', async (_case, since, sent) => {
    // Prepare: stored triggeredAt values come from Date#toISOString; "…00.000Z" < "…00Z" as strings
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    await stats({ serviceId: 'svc-api', since });

    // Assess
    const [input] = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(input.ExpressionAttributeValues?.[':since']).toBe(sent);
  });

  it('rejects a since that is not a date-time as ValidationError, before reading anything', async () => {
    // Act
    const error = await rejectionOf(stats({ since: 'last tuesday' }));

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError', message: 'since is not a date-time: last tuesday' });
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('pagination', () => {
  it('follows LastEvaluatedKey through every scan page', async () => {
    // Prepare: the paginator reuses one input object, so record each call's start key as it happens
    const pages = [
      { Items: [row('TRIGGERED', 'SEV1', '2026-08-02T00:00:00.000Z')], LastEvaluatedKey: { id: 'page-1-end' } },
      { Items: [row('RESOLVED', 'SEV2', '2026-08-03T00:00:00.000Z')], LastEvaluatedKey: { id: 'page-2-end' } },
      { Items: [row('RESOLVED', 'SEV2', '2026-08-04T00:00:00.000Z')] },
    ];
    const starts: unknown[] = [];
    dynamo.on(ScanCommand).callsFake((input: ScanCommandInput) => {
      starts.push(input.ExclusiveStartKey && { ...input.ExclusiveStartKey });
      return pages.shift();
    });

    // Act
    const result = await stats({});

    // Assess
    expect(starts).toEqual([undefined, { id: 'page-1-end' }, { id: 'page-2-end' }]);
    expect(result.total).toBe(3);
    expect(result.byStatus).toEqual({ TRIGGERED: 1, ACKNOWLEDGED: 0, RESOLVED: 2 });
  });

  it('follows LastEvaluatedKey through every query page', async () => {
    // Prepare
    const pages = [
      { Items: [row('ACKNOWLEDGED', 'SEV3', '2026-08-02T00:00:00.000Z')], LastEvaluatedKey: { id: 'a', serviceId: 'svc-api' } },
      { Items: [row('TRIGGERED', 'SEV4', '2026-08-03T00:00:00.000Z')] },
    ];
    const starts: unknown[] = [];
    dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      starts.push(input.ExclusiveStartKey && { ...input.ExclusiveStartKey });
      return pages.shift();
    });

    // Act
    const result = await stats({ serviceId: 'svc-api' });

    // Assess
    expect(starts).toEqual([undefined, { id: 'a', serviceId: 'svc-api' }]);
    expect(result.bySeverity).toEqual({ SEV1: 0, SEV2: 0, SEV3: 1, SEV4: 1 });
  });

  it('treats a page without Items as empty', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({});

    // Act
    const result = await stats({});

    // Assess
    expect(result.total).toBe(0);
  });
});

describe('result', () => {
  it('computes counts and durations from what it read', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({
      Items: [
        row('RESOLVED', 'SEV1', '2026-08-01T00:00:00.000Z', { acknowledgedAt: '2026-08-01T00:01:00.000Z', resolvedAt: '2026-08-01T00:10:00.000Z' }),
        row('ACKNOWLEDGED', 'SEV2', '2026-08-01T01:00:00.000Z', { acknowledgedAt: '2026-08-01T01:03:00.000Z' }),
        row('TRIGGERED', 'SEV2', '2026-08-01T02:00:00.000Z'),
      ],
    });

    // Act
    const result = await stats({});

    // Assess
    expect(result).toEqual({
      total: 3,
      byStatus: { TRIGGERED: 1, ACKNOWLEDGED: 1, RESOLVED: 1 },
      bySeverity: { SEV1: 1, SEV2: 2, SEV3: 0, SEV4: 0 },
      timeToAcknowledge: { count: 2, meanSeconds: 120, medianSeconds: 120 },
      timeToResolve: { count: 1, meanSeconds: 600, medianSeconds: 600 },
    });
  });

  it('also drops incidents before since itself, whatever the database returned', async () => {
    // Prepare: the store returns one row older than since (e.g. written with an offset)
    dynamo.on(ScanCommand).resolves({
      Items: [row('TRIGGERED', 'SEV1', '2026-07-31T23:00:00.000Z'), row('TRIGGERED', 'SEV1', '2026-08-01T00:00:00.000Z')],
    });

    // Act
    const result = await stats({ since: '2026-08-01T00:00:00.000Z' });

    // Assess
    expect(result.total).toBe(1);
  });

  it('logs a DynamoDB failure and answers the caller with InternalFailure, without its text', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform: dynamodb:Scan'), { name: 'AccessDeniedException' });
    dynamo.on(ScanCommand).rejects(denied);

    // Act
    const { error, logged } = await crashOf(stats({}));

    // Assess
    expect(error.name).toBe('InternalFailure');
    expect(error.message).not.toContain('dynamodb:Scan');
    expect(logged).toBe(denied);
  });
});
