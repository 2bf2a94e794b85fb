import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { decideAlert, validateAlert, type AlertInput, type OpenIncidentRef } from '../../domain/alert-dedup';
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

async function intake(event: AmplifyResolverEvent<AlertInput>): Promise<Incident> {
  const problems = validateAlert(event.arguments);
  if (problems.length > 0) throw new ValidationError(`Invalid alert: ${problems.join('; ')}`);
  const alert = { ...event.arguments, fingerprint: event.arguments.fingerprint.trim(), title: event.arguments.title.trim() };
  const incidentTable = requireEnv('INCIDENT_TABLE_NAME');
  const timelineTable = requireEnv('TIMELINE_EVENT_TABLE_NAME');
  const indexName = requireEnv('INCIDENT_FINGERPRINT_INDEX');
  const author = callerName(event.identity as ResolverIdentity);
  const now = new Date().toISOString();

  const matches = await documents.send(
    new QueryCommand({
      TableName: incidentTable,
      IndexName: indexName,
      KeyConditionExpression: 'fingerprint = :fingerprint',
      ExpressionAttributeValues: { ':fingerprint': alert.fingerprint },
    }),
  );
  const candidates = (matches.Items ?? []) as (OpenIncidentRef & Incident)[];
  const decision = decideAlert(candidates);
  const timelineEvent = (incidentId: string, kind: 'TRIGGERED' | 'ALERT') => ({
    Put: {
      TableName: timelineTable,
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
  });

  if (decision.kind === 'APPEND') {
    const existing = candidates.find((incident) => incident.id === decision.incidentId)!;
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: incidentTable,
                Key: { id: decision.incidentId },
                UpdateExpression: 'SET alertCount = :count, updatedAt = :now',
                ConditionExpression: '#status <> :resolved',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':count': decision.alertCount, ':now': now, ':resolved': 'RESOLVED' },
              },
            },
            timelineEvent(decision.incidentId, 'ALERT'),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ResolverError('ConcurrentModification', `Incident ${decision.incidentId} changed while the alert was recorded; retry`);
      }
      throw error;
    }
    return { ...existing, alertCount: decision.alertCount, updatedAt: now };
  }

  const incident: Incident = {
    id: randomUUID(),
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
  await documents.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: incidentTable, Item: incident, ConditionExpression: 'attribute_not_exists(id)' } },
        timelineEvent(incident.id, 'TRIGGERED'),
      ],
    }),
  );
  return incident;
}
