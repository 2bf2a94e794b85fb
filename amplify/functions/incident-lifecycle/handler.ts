import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import {
  IncidentNotFoundError,
  IllegalTransitionError,
  LifecycleAction,
  planTransition,
  validateResolution,
} from '../../domain/incident-lifecycle';
import { callerName, requireEnv, type ResolverIdentity } from '../../shared/caller';
import type { AmplifyResolverEvent } from '../../shared/resolver-event';
import { toResolverError } from '../../shared/resolver-error';

type Args = { incidentId: string; resolution?: string };
type Incident = Record<string, unknown> & { id: string; status: string };

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(), {
  marshallOptions: { removeUndefinedValues: true },
});
const s3 = new S3Client();

const actionsByField: Record<string, LifecycleAction> = {
  acknowledgeIncident: LifecycleAction.ACKNOWLEDGE,
  resolveIncident: LifecycleAction.RESOLVE,
};

/** acknowledgeIncident / resolveIncident: one transaction writes the incident and its timeline event. */
export const handler = async (event: AmplifyResolverEvent<Args>): Promise<Incident> => {
  try {
    return await transition(event);
  } catch (error) {
    throw toResolverError(error);
  }
};

async function transition(event: AmplifyResolverEvent<Args>): Promise<Incident> {
  const action = actionsByField[event.fieldName];
  if (!action) throw new Error(`incident-lifecycle does not resolve ${event.typeName}.${event.fieldName}`);
  const resolution = action === LifecycleAction.RESOLVE ? validateResolution(event.arguments.resolution) : undefined;
  const incidentTable = requireEnv('INCIDENT_TABLE_NAME');
  const timelineTable = requireEnv('TIMELINE_EVENT_TABLE_NAME');
  // Read before writing: a misconfigured function must fail before the transaction, not after it.
  const reportBucket = action === LifecycleAction.RESOLVE ? requireEnv('FLARE_FILES_BUCKET_NAME') : undefined;
  const { incidentId } = event.arguments;

  const current = await documents.send(new GetCommand({ TableName: incidentTable, Key: { id: incidentId }, ConsistentRead: true }));
  if (!current.Item) throw new IncidentNotFoundError(incidentId);
  const incident = current.Item as Incident;
  const plan = planTransition(incident.status, action);

  const now = new Date().toISOString();
  const author = callerName(event.identity as ResolverIdentity);
  const changes: Record<string, unknown> = { status: plan.to, [plan.timestampField]: now, updatedAt: now };
  if (action === LifecycleAction.ACKNOWLEDGE) changes.commander = author;
  if (resolution !== undefined) changes.resolution = resolution;
  const names = Object.fromEntries(Object.keys(changes).map((key) => [`#${key}`, key]));
  const values = Object.fromEntries(Object.entries(changes).map(([key, value]) => [`:${key}`, value]));

  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: incidentTable,
              Key: { id: incidentId },
              UpdateExpression: `SET ${Object.keys(changes).map((key) => `#${key} = :${key}`).join(', ')}`,
              // Guards against a concurrent transition between our read and this write.
              ConditionExpression: '#status = :expected',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ...values, ':expected': plan.from },
            },
          },
          {
            Put: {
              TableName: timelineTable,
              Item: {
                id: randomUUID(),
                __typename: 'TimelineEvent',
                incidentId,
                kind: plan.timelineKind,
                message: resolution ?? `Acknowledged by ${author}`,
                author,
                createdAt: now,
                updatedAt: now,
              },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const latest = await documents.send(new GetCommand({ TableName: incidentTable, Key: { id: incidentId }, ConsistentRead: true }));
      throw new IllegalTransitionError(String(latest.Item?.status ?? 'missing'), action);
    }
    throw error;
  }

  const updated: Incident = { ...incident, ...changes };
  if (reportBucket !== undefined) await writeReport(reportBucket, updated);
  return updated;
}

/** A resolved incident's report, for responders to download from `reports/`. */
async function writeReport(bucket: string, incident: Incident): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `reports/incidents/${incident.id}.json`,
      ContentType: 'application/json',
      Body: JSON.stringify(incident, null, 2),
    }),
  );
}
