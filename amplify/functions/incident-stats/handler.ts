import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { AppSyncResolverEvent } from 'aws-lambda';
import { computeStats, type IncidentForStats, type IncidentStats } from '../../domain/incident-stats';
import { requireEnv } from '../../shared/caller';
import { toResolverError } from '../../shared/resolver-error';

type Args = { serviceId?: string | null; since?: string | null };

const documents = DynamoDBDocumentClient.from(new DynamoDBClient());
const projection = { ProjectionExpression: '#status, severity, triggeredAt, acknowledgedAt, resolvedAt' };

/** incidentStats: counts and response times, for one service or all. */
export const handler = async (event: AppSyncResolverEvent<Args>): Promise<IncidentStats> => {
  try {
    const incidents = await loadIncidents(event.arguments);
    return computeStats(incidents, event.arguments.since);
  } catch (error) {
    throw toResolverError(error);
  }
};

async function loadIncidents({ serviceId, since }: Args): Promise<IncidentForStats[]> {
  const TableName = requireEnv('INCIDENT_TABLE_NAME');
  const items: IncidentForStats[] = [];
  const pages = serviceId
    ? paginateQuery(
        { client: documents },
        {
          TableName,
          IndexName: requireEnv('INCIDENT_SERVICE_INDEX'),
          KeyConditionExpression: since ? 'serviceId = :serviceId AND triggeredAt >= :since' : 'serviceId = :serviceId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':serviceId': serviceId, ...(since ? { ':since': since } : {}) },
          ...projection,
        },
      )
    : paginateScan(
        { client: documents },
        {
          TableName,
          ExpressionAttributeNames: { '#status': 'status' },
          ...(since ? { FilterExpression: 'triggeredAt >= :since', ExpressionAttributeValues: { ':since': since } } : {}),
          ...projection,
        },
      );
  for await (const page of pages) items.push(...((page.Items ?? []) as IncidentForStats[]));
  return items;
}
