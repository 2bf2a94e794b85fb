import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { alertIncidentId, decideAlert, validateAlert, type AlertInput, type OpenIncidentRef } from '../../domain/alert-dedup';
import { ValidationError } from '../../domain/incident-lifecycle';
import { callerName, requireEnv, type ResolverIdentity } from '../../shared/caller';
import type { AmplifyResolverEvent } from '../../shared/resolver-event';
import { ResolverError, toResolverError } from '../../shared/resolver-error';

type Incident = Record<string, unknown> & { id: string };

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(), {
  marshallOptions: { removeUndefinedValues: true },
});

/** reportAlert: an alert joins the open incident with its fingerprint, or opens one. */
export const handler = async (event: AmplifyResolverEvent<AlertInput>): Promise<Incident> => {
  try {
    return await intake(event);
  } catch (error) {
    throw toResolverError(error);
  }
};

/** Attempts at opening an incident before giving up (each one lost to a concurrent alert that then resolved). */
const MAX_OPEN_ATTEMPTS = 5;

async function intake(event: AmplifyResolverEvent<AlertInput>): Promise<Incident> {
  const problems = validateAlert(event.arguments);
  if (problems.length > 0) throw new ValidationError(`Invalid alert: ${problems.join('; ')}`);
  const alert = { ...event.arguments, fingerprint: event.arguments.fingerprint.trim(), title: event.arguments.title.trim() };
  const tables = { incidents: requireEnv('INCIDENT_TABLE_NAME'), timeline: requireEnv('TIMELINE_EVENT_TABLE_NAME') };
  const indexName = requireEnv('INCIDENT_FINGERPRINT_INDEX');
  const intake: Intake = { alert, tables, author: callerName(event.identity as ResolverIdentity), now: new Date().toISOString() };

  const matches = await documents.send(
    new QueryCommand({
      TableName: tables.incidents,
      IndexName: indexName,
      KeyConditionExpression: 'fingerprint = :fingerprint',
      ExpressionAttributeValues: { ':fingerprint': alert.fingerprint },
    }),
  );
  const candidates = (matches.Items ?? []) as OpenIncidentRef[];
  const decision = decideAlert(candidates);
  if (decision.kind === 'APPEND') return appendAlert(intake, decision.incidentId);

  // Concurrent alerts that found no open incident compute the same id: one opens it, the others join it.
  for (let generation = candidates.length; generation < candidates.length + MAX_OPEN_ATTEMPTS; generation++) {
    const id = alertIncidentId(alert.fingerprint, generation);
    const opened = await openIncident(intake, id);
    if (opened) return opened;
    const existing = await getIncident(tables.incidents, id);
    if (existing && existing.status !== 'RESOLVED') return appendAlert(intake, id);
    // Opened and resolved already (or deleted): the fingerprint's next incident.
  }
  throw new ResolverError('ConcurrentModification', `Could not open an incident for fingerprint ${alert.fingerprint}; retry`);
}

interface Intake {
  alert: AlertInput;
  tables: { incidents: string; timeline: string };
  author: string;
  now: string;
}

function timelineEvent({ alert, tables, author, now }: Intake, incidentId: string, kind: 'TRIGGERED' | 'ALERT') {
  return {
    Put: {
      TableName: tables.timeline,
      Item: {
        id: randomUUID(),
        __typename: 'TimelineEvent',
        incidentId,
        kind,
        message: kind === 'ALERT' ? `Alert again: ${alert.title}` : `Triggered by ${alert.source ?? author}: ${alert.title}`,
        author,
        createdAt: now,
        updatedAt: now,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    },
  };
}

/** Counts one more alert on an open incident (atomically: concurrent alerts each count) and logs it. */
async function appendAlert(intake: Intake, incidentId: string): Promise<Incident> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: intake.tables.incidents,
              Key: { id: incidentId },
              // An incident written without a count has had one alert.
              UpdateExpression: 'SET alertCount = if_not_exists(alertCount, :one) + :one, updatedAt = :now',
              ConditionExpression: 'attribute_exists(id) AND #status <> :resolved',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':one': 1, ':now': intake.now, ':resolved': 'RESOLVED' },
            },
          },
          timelineEvent(intake, incidentId, 'ALERT'),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new ResolverError('ConcurrentModification', `Incident ${incidentId} changed while the alert was recorded; retry`);
    }
    throw error;
  }
  const incident = await getIncident(intake.tables.incidents, incidentId);
  if (!incident) throw new ResolverError('ConcurrentModification', `Incident ${incidentId} was deleted while the alert was recorded; retry`);
  return incident;
}

/** Opens the incident `id` with its TRIGGERED event; undefined when an incident with that id exists already. */
async function openIncident(intake: Intake, id: string): Promise<Incident | undefined> {
  const { alert, now } = intake;
  const incident: Incident = {
    id,
    __typename: 'Incident',
    title: alert.title,
    description: alert.description ?? undefined,
    severity: alert.severity,
    status: 'TRIGGERED',
    serviceId: alert.serviceId,
    fingerprint: alert.fingerprint,
    source: alert.source ?? undefined,
    escalationLevel: 0,
    alertCount: 1,
    triggeredAt: now,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: intake.tables.incidents, Item: incident, ConditionExpression: 'attribute_not_exists(id)' } },
          timelineEvent(intake, id, 'TRIGGERED'),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return undefined;
    throw error;
  }
  return incident;
}

async function getIncident(table: string, id: string): Promise<Incident | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
  return Item as Incident | undefined;
}
