import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { alertEventId, alertIncidentId, type AlertInput } from '../../../../amplify/domain/alert-dedup';
import type { AppSyncIdentity } from 'aws-lambda';
import { resolverEvent, cognitoIdentity, iamIdentity } from './events';
import { freezeDateAt, handlerWithEnvironment, rejectionOf } from './harness';

const ENV = {
  AWS_REGION: 'us-east-1',
  INCIDENT_TABLE_NAME: 'Incident-test-NONE',
  TIMELINE_EVENT_TABLE_NAME: 'TimelineEvent-test-NONE',
  INCIDENT_FINGERPRINT_INDEX: 'byFingerprint',
} as const;
const NOW = '2026-07-01T08:30:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const dynamo = mockClient(DynamoDBDocumentClient);
const handler = handlerWithEnvironment(ENV, () => import('../../../../amplify/functions/alert-intake/handler'));
freezeDateAt(NOW);

function alert(overrides: Partial<AlertInput> = {}): AlertInput {
  return { fingerprint: 'checkout-5xx', serviceId: 'svc-checkout', title: 'Checkout 5xx above 2%', severity: 'SEV2', ...overrides };
}

function storedIncident(overrides: Record<string, unknown> = {}) {
  return {
    id: 'inc-open',
    __typename: 'Incident',
    title: 'Checkout 5xx above 2%',
    severity: 'SEV2',
    status: 'TRIGGERED',
    serviceId: 'svc-checkout',
    fingerprint: 'checkout-5xx',
    alertCount: 2,
    escalationLevel: 0,
    triggeredAt: '2026-07-01T08:00:00.000Z',
    updatedAt: '2026-07-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A firing alert always answers with its incident (only a resolved alert can find none). */
async function report(input: AlertInput, identity: AppSyncIdentity = cognitoIdentity()) {
  const incident = await handler(resolverEvent<AlertInput>('reportAlert', input, { identity }));
  if (!incident) throw new Error('reportAlert answered null for a firing alert');
  return incident;
}

function onlyTransactItems() {
  const calls = dynamo.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input.TransactItems ?? [];
}

beforeEach(() => {
  dynamo.reset();
});

describe('lookup', () => {
  it('queries the fingerprint index with the trimmed fingerprint', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await report(alert({ fingerprint: '  checkout-5xx \n' }));

    // Assess
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'Incident-test-NONE',
        IndexName: 'byFingerprint',
        KeyConditionExpression: 'fingerprint = :fingerprint',
        ExpressionAttributeValues: { ':fingerprint': 'checkout-5xx' },
      },
    ]);
  });
});

describe('a new fingerprint', () => {
  it('creates a TRIGGERED incident and its TRIGGERED event in one transaction', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await report(alert({ title: '  Checkout 5xx above 2%  ', description: 'From the load balancer', source: 'cloudwatch' }));

    // Assess
    const [incidentPut, eventPut] = onlyTransactItems();
    expect(incidentPut.Put).toEqual({
      TableName: 'Incident-test-NONE',
      Item: {
        id: alertIncidentId('checkout-5xx', 0),
        __typename: 'Incident',
        title: 'Checkout 5xx above 2%',
        description: 'From the load balancer',
        severity: 'SEV2',
        status: 'TRIGGERED',
        serviceId: 'svc-checkout',
        fingerprint: 'checkout-5xx',
        source: 'cloudwatch',
        escalationLevel: 0,
        alertCount: 1,
        triggeredAt: NOW,
        createdAt: NOW,
        updatedAt: NOW,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    });
    expect(eventPut.Put).toEqual({
      TableName: 'TimelineEvent-test-NONE',
      Item: {
        id: expect.stringMatching(UUID),
        __typename: 'TimelineEvent',
        incidentId: incidentPut.Put?.Item?.id,
        kind: 'TRIGGERED',
        message: 'Triggered by cloudwatch: Checkout 5xx above 2%',
        author: 'alice@example.com',
        createdAt: NOW,
        updatedAt: NOW,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    });
  });

  it('returns the new incident', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const incident = await report(alert({ severity: 'SEV1' }));

    // Assess
    const written = onlyTransactItems()[0].Put?.Item;
    expect(incident).toEqual(written);
    expect(incident).toMatchObject({ status: 'TRIGGERED', severity: 'SEV1', alertCount: 1, triggeredAt: NOW });
  });

  it('credits the caller when the alert names no source', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await report(alert(), iamIdentity('alertintakeBridgeRole'));

    // Assess
    const event = onlyTransactItems()[1].Put?.Item;
    expect(event).toMatchObject({ message: 'Triggered by alertintakeBridgeRole: Checkout 5xx above 2%', author: 'alertintakeBridgeRole' });
  });

  it('leaves absent optional fields out of the item', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await report(alert({ description: null, source: null }));

    // Assess: undefined values are dropped by the document client (removeUndefinedValues)
    const item = onlyTransactItems()[0].Put?.Item ?? {};
    expect(item.description).toBeUndefined();
    expect(item.source).toBeUndefined();
  });

  it('creates a new incident when the only match is resolved: the fingerprint\'s next generation', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [storedIncident({ id: 'inc-old', status: 'RESOLVED' })] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const incident = await report(alert());

    // Assess
    expect(incident.id).toBe(alertIncidentId('checkout-5xx', 1));
    expect(onlyTransactItems().map((item) => Object.keys(item))).toEqual([['Put'], ['Put']]);
    expect(incident).toMatchObject({ status: 'TRIGGERED', alertCount: 1 });
  });
});

describe('concurrent alerts with a new fingerprint', () => {
  const cancelledByIncidentPut = () =>
    new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });

  it('the one that loses the conditional put joins the incident the winner opened', async () => {
    // Prepare: both saw no incident; the other alert's put landed first.
    const winner = storedIncident({ id: alertIncidentId('checkout-5xx', 0), alertCount: 1 });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelledByIncidentPut()).resolves({});
    dynamo.on(GetCommand).resolvesOnce({ Item: winner }).resolves({ Item: { ...winner, alertCount: 2 } });

    // Act
    const incident = await report(alert());

    // Assess
    const [open, join] = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
    expect(open[0].Put?.Item?.id).toBe(winner.id);
    expect(join[0].Update?.Key).toEqual({ id: winner.id });
    expect(join[1].Put?.Item).toMatchObject({ incidentId: winner.id, kind: 'ALERT' });
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'Incident-test-NONE', Key: { id: winner.id }, ConsistentRead: true },
      { TableName: 'Incident-test-NONE', Key: { id: winner.id }, ConsistentRead: true },
    ]);
    expect(incident).toMatchObject({ id: winner.id, alertCount: 2 });
  });

  it('when the incident it lost to is resolved already (a lagging index), it opens the next generation', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelledByIncidentPut()).resolves({});
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ id: alertIncidentId('checkout-5xx', 0), status: 'RESOLVED' }) });

    // Act
    const incident = await report(alert());

    // Assess
    expect(incident).toMatchObject({ id: alertIncidentId('checkout-5xx', 1), status: 'TRIGGERED', alertCount: 1 });
  });

  it('gives up as ConcurrentModification after five lost attempts', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).rejects(cancelledByIncidentPut());
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ status: 'RESOLVED' }) });

    // Act
    const error = await rejectionOf(report(alert()));

    // Assess
    expect(error).toMatchObject({ name: 'ConcurrentModification', message: 'Could not open an incident for fingerprint checkout-5xx; retry' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(5);
  });
});

describe('a fingerprint with an open incident', () => {
  it('adds one to alertCount (atomically) and logs an ALERT event, in one transaction', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        storedIncident({ id: 'inc-resolved', status: 'RESOLVED', triggeredAt: '2026-07-01T08:20:00.000Z', alertCount: 9 }),
        storedIncident({ id: 'inc-open', status: 'ACKNOWLEDGED', alertCount: 2 }),
      ],
    });
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ id: 'inc-open', status: 'ACKNOWLEDGED', alertCount: 3 }) });

    // Act
    await report(alert());

    // Assess
    const [update, eventPut] = onlyTransactItems();
    expect(update.Update).toEqual({
      TableName: 'Incident-test-NONE',
      Key: { id: 'inc-open' },
      UpdateExpression: 'SET alertCount = if_not_exists(alertCount, :one) + :one, updatedAt = :now',
      ConditionExpression: 'attribute_exists(id) AND #status <> :resolved',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':now': NOW, ':resolved': 'RESOLVED' },
    });
    expect(eventPut.Put).toEqual({
      TableName: 'TimelineEvent-test-NONE',
      Item: {
        id: expect.stringMatching(UUID),
        __typename: 'TimelineEvent',
        incidentId: 'inc-open',
        kind: 'ALERT',
        message: 'Alert again: Checkout 5xx above 2%',
        author: 'alice@example.com',
        createdAt: NOW,
        updatedAt: NOW,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    });
  });

  it('returns the incident as stored after the write (a consistent read)', async () => {
    // Prepare
    const existing = storedIncident({ alertCount: 4 });
    dynamo.on(QueryCommand).resolves({ Items: [existing] });
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: { ...existing, alertCount: 6, updatedAt: NOW } });

    // Act
    const incident = await report(alert());

    // Assess: 6, not 5 — another alert counted meanwhile.
    expect(incident).toEqual({ ...existing, alertCount: 6, updatedAt: NOW });
    expect(dynamo.commandCalls(GetCommand)[0].args[0].input).toEqual({ TableName: 'Incident-test-NONE', Key: { id: 'inc-open' }, ConsistentRead: true });
  });

  it('reports a cancelled transaction (resolved meanwhile) as ConcurrentModification', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [storedIncident()] });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }),
    );

    // Act
    const error = await rejectionOf(report(alert()));

    // Assess
    expect(error).toMatchObject({
      name: 'ConcurrentModification',
      message: 'Incident inc-open changed while the alert was recorded; retry',
    });
  });
});

describe('validation', () => {
  it('rejects an invalid alert as ValidationError listing every problem, without touching DynamoDB', async () => {
    // Prepare
    const invalid = alert({ title: ' ', severity: 'SEV9' as AlertInput['severity'] });

    // Act
    const error = await rejectionOf(report(invalid));

    // Assess
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Invalid alert: title is required; severity must be one of SEV1, SEV2, SEV3, SEV4',
    });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('rejects an over-long fingerprint', async () => {
    // Act
    const error = await rejectionOf(report(alert({ fingerprint: 'f'.repeat(257) })));

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError', message: 'Invalid alert: fingerprint is at most 256 characters' });
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('an alert with an alertId (the alert queue\'s message id)', () => {
  const cancelledByEventPut = () =>
    new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] });

  it('writes its event under an id made from the alertId, the same for every delivery', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await report(alert({ alertId: 'msg-1' }));

    // Assess
    const [, eventPut] = onlyTransactItems();
    expect(eventPut.Put?.Item?.id).toBe(alertEventId('msg-1', 'alert'));
    expect(eventPut.Put?.ConditionExpression).toBe('attribute_not_exists(id)');
  });

  it('delivered again, counts nothing: the event exists, and the incident comes back as it is', async () => {
    // Prepare: the first delivery opened the incident; the second finds it open and tries to append.
    const opened = storedIncident({ id: alertIncidentId('checkout-5xx', 0), alertCount: 1 });
    dynamo.on(QueryCommand).resolves({ Items: [opened] });
    dynamo.on(TransactWriteCommand).rejects(cancelledByEventPut());
    dynamo.on(GetCommand).resolves({ Item: opened });

    // Act
    const incident = await report(alert({ alertId: 'msg-1' }));

    // Assess
    expect(incident).toEqual(opened);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('a resolved alert', () => {
  it('logs an ALERT event on the open incident and leaves it open without autoResolve', async () => {
    // Prepare
    const open = storedIncident();
    dynamo.on(QueryCommand).resolves({ Items: [open] });
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: open });

    // Act
    await report(alert({ status: 'RESOLVED', alertId: 'msg-2' }));

    // Assess
    const [update, event, ...rest] = onlyTransactItems();
    expect(rest).toEqual([]);
    expect(update.Update?.UpdateExpression).toBe('SET updatedAt = :now');
    expect(event.Put?.Item).toMatchObject({ kind: 'ALERT', message: 'Resolved at the source: Checkout 5xx above 2%', incidentId: 'inc-open' });
  });

  it('with autoResolve, resolves the incident with its RESOLVED event in the same transaction', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [storedIncident()] });
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: storedIncident({ status: 'RESOLVED' }) });

    // Act
    const incident = await report(alert({ status: 'RESOLVED', autoResolve: true, alertId: 'msg-3' }));

    // Assess
    const [update, event, resolved] = onlyTransactItems();
    expect(update.Update).toMatchObject({
      UpdateExpression: 'SET updatedAt = :now, #status = :resolved, resolvedAt = :now, resolution = :resolution',
      ConditionExpression: 'attribute_exists(id) AND #status <> :resolved',
    });
    expect(event.Put?.Item?.kind).toBe('ALERT');
    expect(resolved.Put?.Item).toMatchObject({ kind: 'RESOLVED', id: alertEventId('msg-3', 'resolved') });
    expect(incident.status).toBe('RESOLVED');
  });

  it('with no open incident, writes nothing and answers null', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [storedIncident({ status: 'RESOLVED' })] });

    // Act
    const result = await handler(resolverEvent<AlertInput>('reportAlert', alert({ status: 'RESOLVED' }), { identity: iamIdentity() }));

    // Assess
    expect(result).toBeNull();
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
