import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { normalizeAlerts, PayloadError, type IntegrationKind } from '../../domain/alert-payloads';
import { queuedAlert, type IntegrationSettings } from '../../domain/queued-alert';
import { requireEnv } from '../../shared/caller';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient());
const sqs = new SQSClient();

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;
/** Entries SQS reports failed are sent again this many times before the request fails (500: the tool retries). */
const SEND_ATTEMPTS = 3;

type Integration = IntegrationSettings & { id: string; kind: IntegrationKind; enabled?: boolean | null };

/**
 * Answers 202 `{"accepted": n}` only once every alert is in the queue (nothing is lost after a
 * 202), 400 with the reason for a payload that is not the integration's format.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const integrationId = event.pathParameters?.integrationId ?? '';
  const found = await documents.send(new GetCommand({ TableName: requireEnv('INTEGRATION_TABLE_NAME'), Key: { id: integrationId } }));
  const integration = found.Item as Integration | undefined;
  // The authorizer has seen the token, so the integration existed: it was deleted since.
  if (!integration) return answer(404, { message: `Integration ${integrationId} does not exist` });
  if (integration.enabled === false) return answer(403, { message: `Integration ${integration.name} is disabled` });

  const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    return answer(400, { message: `The body is not JSON: ${(error as Error).message}` });
  }
  let alerts;
  try {
    alerts = normalizeAlerts(integration.kind, payload);
  } catch (error) {
    if (error instanceof PayloadError) return answer(400, { message: `Not a ${integration.kind} payload: ${error.message}` });
    throw error;
  }

  const receivedAt = new Date().toISOString();
  const entries = alerts.map((alert, index) => ({
    Id: String(index),
    MessageBody: JSON.stringify(queuedAlert(integration, alert, receivedAt)),
  }));
  for (let start = 0; start < entries.length; start += BATCH) {
    const unsent = await send(entries.slice(start, start + BATCH));
    if (unsent.length > 0) {
      console.error(`alert-webhook: ${unsent.length} alert(s) of integration ${integrationId} were not queued: ${unsent.join('; ')}`);
      return answer(500, { message: 'Some alerts could not be queued; send the request again' });
    }
  }
  return answer(202, { accepted: alerts.length });
};

/** Sends a batch, resending the entries SQS reports failed; returns the reasons of those still unsent. */
async function send(batch: SendMessageBatchRequestEntry[]): Promise<string[]> {
  let pending = batch;
  let reasons: string[] = [];
  for (let attempt = 0; attempt < SEND_ATTEMPTS && pending.length > 0; attempt++) {
    const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: requireEnv('ALERT_QUEUE_URL'), Entries: pending }));
    const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
    reasons = (result.Failed ?? []).map((entry) => `${entry.Code}: ${entry.Message ?? ''}`);
    pending = pending.filter((entry) => failed.has(entry.Id));
  }
  return pending.length > 0 ? reasons : [];
}

function answer(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
