import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { atomFeed, statusDocument, type PublicIncident, type PublicService } from '../../domain/status-feed';
import { requireEnv } from '../../shared/caller';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient());

/** Resolved incidents the status lists (newest first); open ones are always listed. */
const RESOLVED_LISTED = 50;

const CORS = { 'Access-Control-Allow-Origin': '*' };

/** Lambda proxy for GET /status (JSON) and GET /status/feed (Atom). */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const status = statusDocument(await services(), await incidents(), new Date());
  if (event.resource === '/status/feed') {
    const host = event.headers?.Host ?? event.headers?.host ?? event.requestContext.domainName ?? 'localhost';
    const self = `https://${host}/${event.requestContext.stage}/status/feed`;
    return { statusCode: 200, headers: { ...CORS, 'Content-Type': 'application/atom+xml; charset=utf-8' }, body: atomFeed(status, self) };
  }
  return { statusCode: 200, headers: { ...CORS, 'Content-Type': 'application/json' }, body: JSON.stringify(status) };
};

async function services(): Promise<PublicService[]> {
  const found: PublicService[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: requireEnv('SERVICE_TABLE_NAME'), ProjectionExpression: 'id, #name, #group, #status', ExpressionAttributeNames: { '#name': 'name', '#group': 'group', '#status': 'status' }, ExclusiveStartKey }),
    );
    found.push(...((page.Items ?? []) as PublicService[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

async function incidents(): Promise<PublicIncident[]> {
  const [triggered, acknowledged, resolved] = await Promise.all([
    byStatus('TRIGGERED'),
    byStatus('ACKNOWLEDGED'),
    byStatus('RESOLVED', RESOLVED_LISTED),
  ]);
  return [...triggered, ...acknowledged, ...resolved];
}

/** Incidents in `status`, newest first (all of them, or the newest `limit`). */
async function byStatus(status: string, limit?: number): Promise<PublicIncident[]> {
  const found: PublicIncident[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: requireEnv('INCIDENT_TABLE_NAME'),
        IndexName: requireEnv('INCIDENT_STATUS_INDEX'),
        KeyConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
        ScanIndexForward: false,
        Limit: limit ? limit - found.length : undefined,
        ExclusiveStartKey,
      }),
    );
    found.push(...((page.Items ?? []) as PublicIncident[]));
    ExclusiveStartKey = limit && found.length >= limit ? undefined : page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
