import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { alertEventId, alertIncidentId, decideAlert, validateAlert, type AlertInput, type OpenIncidentRef } from '../../domain/alert-dedup';
import { ValidationError } from '../../domain/incident-lifecycle';
import { callerName, requireEnv, type ResolverIdentity } from '../../shared/caller';
import type { AmplifyResolverEvent } from '../../shared/resolver-event';
import { ResolverError, toResolverError } from '../../shared/resolver-error';

type Incident = Record<string, unknown> & { id: string };

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(), {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * reportAlert: a firing alert joins the open incident with its fingerprint, or opens one; a
 * resolved alert is logged on that incident (and resolves it with autoResolve). With an alertId,
 * an alert delivered twice is recorded once: its timeline event's id is made from the alertId.
 */
export const handler = async (event: AmplifyResolverEvent<AlertInput>): Promise<Incident | null> => {
  try {
    return await intake(event);
  } catch (error) {
    throw toResolverError(error);
  }
};

/** Attempts at opening an incident before giving up (each one lost to a concurrent alert that then resolved). */
const MAX_OPEN_ATTEMPTS = 5;

async function intake(event: AmplifyResolverEvent<AlertInput>): Promise<Incident | null> {
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
  if (alert.status === 'RESOLVED') return decision.kind === 'APPEND' ? resolveAlert(intake, decision.incidentId) : null;
  if (decision.kind === 'APPEND') return appendAlert(intake, decision.incidentId);

  // Concurrent alerts that found no open incident compute the same id: one opens it, the others join it.
  for (let generation = candidates.length; generation < candidates.length + MAX_OPEN_ATTEMPTS; generation++) {
    const id = alertIncidentId(alert.fingerprint, generation);
    const opened = await openIncident(intake, id);
    if (opened !== undefined) return opened;
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

/** The message of the event an alert writes, by kind. */
function eventMessage({ alert, author }: Intake, kind: 'TRIGGERED' | 'ALERT' | 'RESOLVED'): string {
  if (kind === 'TRIGGERED') return `Triggered by ${alert.source ?? author}: ${alert.title}`;
  if (kind === 'RESOLVED') return AUTO_RESOLUTION;
  return alert.status === 'RESOLVED' ? `Resolved at the source: ${alert.title}` : `Alert again: ${alert.title}`;
}

const AUTO_RESOLUTION = 'Resolved automatically: its alert resolved at the source';

/**
 * A timeline event of the alert. Every delivery of one alert gives its event the same id
 * (TRIGGERED or ALERT alike), so the conditional put refuses a second delivery.
 */
function timelineEvent(intake: Intake, incidentId: string, kind: 'TRIGGERED' | 'ALERT' | 'RESOLVED') {
  const { alert, tables, author, now } = intake;
  const part = kind === 'RESOLVED' ? 'resolved' : 'alert';
  return {
    Put: {
      TableName: tables.timeline,
      Item: {
        id: alert.alertId ? alertEventId(alert.alertId, part) : randomUUID(),
        __typename: 'TimelineEvent',
        incidentId,
        kind,
        message: eventMessage(intake, kind),
        author,
        createdAt: now,
        updatedAt: now,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    },
  };
}

/** Counts one more alert on an open incident (atomically: concurrent alerts each count) and logs it. */
function appendAlert(intake: Intake, incidentId: string): Promise<Incident> {
  // An incident written without a count has had one alert.
  return recordOnOpenIncident(intake, incidentId, { set: 'SET alertCount = if_not_exists(alertCount, :one) + :one, updatedAt = :now', values: { ':one': 1 } }, ['ALERT']);
}

/**
 * Changes the open incident `incidentId` and writes the alert's events, in one transaction.
 * A second delivery of the alert finds its event written: nothing changes, and the incident
 * comes back as it is.
 */
async function recordOnOpenIncident(
  intake: Intake,
  incidentId: string,
  change: { set: string; values: Record<string, unknown> },
  kinds: ('ALERT' | 'RESOLVED')[],
): Promise<Incident> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: intake.tables.incidents,
              Key: { id: incidentId },
              UpdateExpression: change.set,
              ConditionExpression: 'attribute_exists(id) AND #status <> :resolved',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':now': intake.now, ':resolved': 'RESOLVED', ...change.values },
            },
          },
          ...kinds.map((kind) => timelineEvent(intake, incidentId, kind)),
        ],
      }),
    );
  } catch (error) {
    if (!isDuplicate(error) && error instanceof TransactionCanceledException) {
      throw new ResolverError('ConcurrentModification', `Incident ${incidentId} changed while the alert was recorded; retry`);
    }
    if (!isDuplicate(error)) throw error;
  }
  const incident = await getIncident(intake.tables.incidents, incidentId);
  if (!incident) throw new ResolverError('ConcurrentModification', `Incident ${incidentId} was deleted while the alert was recorded; retry`);
  return incident;
}

/** The transaction failed on the alert's own timeline event (the second item): it was recorded by an earlier delivery. */
function isDuplicate(error: unknown): boolean {
  return error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed';
}

/** A resolved alert: an ALERT event on its open incident and, with autoResolve, the incident resolved with its RESOLVED event. */
function resolveAlert(intake: Intake, incidentId: string): Promise<Incident> {
  if (intake.alert.autoResolve !== true) return recordOnOpenIncident(intake, incidentId, { set: 'SET updatedAt = :now', values: {} }, ['ALERT']);
  return recordOnOpenIncident(
    intake,
    incidentId,
    { set: 'SET updatedAt = :now, #status = :resolved, resolvedAt = :now, resolution = :resolution', values: { ':resolution': AUTO_RESOLUTION } },
    ['ALERT', 'RESOLVED'],
  );
}

/**
 * Opens the incident `id` with its TRIGGERED event; undefined when an incident with that id
 * exists already, null when the alert was recorded already (on an incident resolved since).
 */
async function openIncident(intake: Intake, id: string): Promise<Incident | undefined | null> {
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
    // The alert's event exists but not this incident: an earlier delivery recorded it on an incident resolved since.
    if (isDuplicate(error)) return null;
    throw error;
  }
  return incident;
}

async function getIncident(table: string, id: string): Promise<Incident | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
  return Item as Incident | undefined;
}
