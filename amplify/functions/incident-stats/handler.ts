import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/incident-lifecycle';
import { computeStats, type IncidentForStats, type IncidentStats } from '../../domain/incident-stats';
import { requireEnv } from '../../shared/caller';
import type { AmplifyResolverEvent } from '../../shared/resolver-event';
import { toResolverError } from '../../shared/resolver-error';

type Args = { serviceId?: string | null; since?: string | null };

const documents = DynamoDBDocumentClient.from(new DynamoDBClient());
const projection = { ProjectionExpression: '#status, severity, triggeredAt, acknowledgedAt, resolvedAt' };

/** incidentStats: counts and response times, for one service or all. */
export const handler = async (event: AmplifyResolverEvent<Args>): Promise<IncidentStats> => {
  try {
    const since = normalizeSince(event.arguments.since);
    const incidents = await loadIncidents({ serviceId: event.arguments.serviceId, since });
    return computeStats(incidents, since);
  } catch (error) {
    throw toResolverError(error);
  }
};

/**
 * Stored times come from `Date#toISOString` and DynamoDB compares strings, so `since`
 * (any AWSDateTime: offsets, no milliseconds) is rewritten in that same form first.
 */
function normalizeSince(since: string | null | undefined): string | undefined {
  if (!since) return undefined;
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new ValidationError(`since is not a date-time: ${since}`);
  return new Date(ms).toISOString();
}

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
