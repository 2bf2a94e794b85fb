/**
 * Alert ingestion through Flare's own backend (issue 16), on the local cloud:
 *  - webhook 202: an Alertmanager POST of one alert with its token (Lambda authorizer, the
 *    webhook function, SendMessageBatch), p50/p95/p99 over three rounds (target ≤ 5 ms p50);
 *  - a burst of `--alerts` alerts (default 10,000) across 100 fingerprints, posted as
 *    Alertmanager payloads of 100 alerts, 4 requests at a time, then drained by the queue's
 *    mapping into reportAlert: incidents made (target exactly 100), alert counts summed (target
 *    = alerts) and alerts/s from the first POST until the sum is reached (target ≥ 1,000/s).
 * `npm run bench -- ingest -- --alerts 2000` for a shorter burst.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../amplify/data/resource';
import { Reporter, startLocalCloud } from '../local';
import { amplifyConfig } from '../local/client';
import { localApiSettings, localApiUrl } from '../local/client/api';
import { clientConfig } from '../tests/helpers/cloud';
import { createUser, TEST_PASSWORD } from '../tests/helpers/flare-users';
import { report, sample } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const flag = process.argv.indexOf('--alerts');
const ALERTS = flag === -1 ? 10_000 : Number(process.argv[flag + 1]);
const FINGERPRINTS = 100;
const PER_REQUEST = 100;
const CONCURRENT_POSTS = 4;

const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, synth: false, outputsFile: false, reporter: new Reporter({ level: 'error' }) });
Amplify.configure(amplifyConfig(cloud.outputs));
await createUser(cloud, 'bench-admin@example.com', ['ADMINS']);
await signIn({ username: 'bench-admin@example.com', password: TEST_PASSWORD });
const client = generateClient<Schema>();
const service = (await client.mutations.addService({ name: 'Bench' })).data!;

async function integration(): Promise<{ url: string; authorization: string }> {
  const { data, errors } = await client.mutations.addIntegration({ name: `bench ${Date.now()}`, kind: 'ALERTMANAGER', serviceId: service.id, defaultSeverity: 'SEV3' });
  if (!data) throw new Error(`addIntegration: ${JSON.stringify(errors)}`);
  const base = (cloud.outputs.custom as { alerts: { webhookUrl: string } }).alerts.webhookUrl;
  return { url: localApiUrl(`${base}${data.integrationId}`, localApiSettings(cloud.outputs)!), authorization: `Bearer ${data.token}` };
}

function payload(names: string[]): string {
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'flare',
    alerts: names.map((name) => ({ status: 'firing', labels: { alertname: name, severity: 'warning' }, annotations: { summary: `${name} is failing` }, fingerprint: name })),
  });
}

async function post(target: { url: string; authorization: string }, body: string): Promise<void> {
  const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: target.authorization }, body });
  await response.arrayBuffer();
  if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
}

// Webhook 202, one alert per request (each its own fingerprint in a throw-away integration's service).
const single = await integration();
for (let round = 1; round <= 3; round++) {
  report(`webhook POST, 1 alert → 202 #${round}`, await sample(200, (i) => post(single, payload([`single-${round}-${i}`]))), '≤ 5 ms p50');
}

// The burst: a new service, so that only its incidents are counted.
const burstService = (await client.mutations.addService({ name: 'Bench burst' })).data!;
const { data: burstIntegration } = await client.mutations.addIntegration({ name: 'burst', kind: 'ALERTMANAGER', serviceId: burstService.id, defaultSeverity: 'SEV3' });
const base = (cloud.outputs.custom as { alerts: { webhookUrl: string } }).alerts.webhookUrl;
const burst = { url: localApiUrl(`${base}${burstIntegration!.integrationId}`, localApiSettings(cloud.outputs)!), authorization: `Bearer ${burstIntegration!.token}` };
const bodies: string[] = [];
for (let sent = 0; sent < ALERTS; sent += PER_REQUEST) {
  bodies.push(payload(Array.from({ length: Math.min(PER_REQUEST, ALERTS - sent) }, (_, i) => `burst-${(sent + i) % FINGERPRINTS}`)));
}
const dynamodb = new DynamoDBClient(clientConfig(cloud));
const documents = DynamoDBDocumentClient.from(dynamodb);
// Amplify names model tables `<Model>-<apiId>-<env>`.
const tableName = ((await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []).find((name) => name.startsWith('Incident-'))!;

async function burstIncidents(): Promise<{ incidents: number; alerts: number }> {
  let incidents = 0;
  let alerts = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey, FilterExpression: 'serviceId = :s', ExpressionAttributeValues: { ':s': burstService.id } }));
    for (const item of page.Items ?? []) {
      incidents++;
      alerts += Number(item.alertCount ?? 0);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { incidents, alerts };
}

const started = performance.now();
const queue = [...bodies];
await Promise.all(Array.from({ length: CONCURRENT_POSTS }, async () => {
  for (let body = queue.shift(); body; body = queue.shift()) await post(burst, body);
}));
const accepted = performance.now() - started;
let counted = await burstIncidents();
const deadline = Date.now() + 30 * 60_000;
while (counted.alerts < ALERTS && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  counted = await burstIncidents();
}
const drained = performance.now() - started;
console.log(`burst: ${ALERTS} alerts across ${FINGERPRINTS} fingerprints in ${bodies.length} POSTs, all 202 in ${(accepted / 1000).toFixed(1)} s (${Math.round(ALERTS / (accepted / 1000))} alerts/s accepted)`);
console.log(`burst: ${counted.incidents} incidents (target exactly ${FINGERPRINTS}), alert counts summing to ${counted.alerts} (target ${ALERTS}), in ${(drained / 1000).toFixed(1)} s: ${Math.round(counted.alerts / (drained / 1000))} alerts/s end to end (target ≥ 1,000/s)`);
documents.destroy();
await cloud.stop();
