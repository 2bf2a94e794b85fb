/**
 * AppSync through Flare's full generated pipeline (auth VTL included), on loopback:
 * sequential getIncident (API key) and createIncident (IAM, SigV4-signed per request)
 * latencies, then throughput with 16 concurrent clients. Prints figures; asserts nothing.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Reporter, startLocalCloud } from '../local';
import { appsyncTestServices } from '../tests/integration/appsync/helpers';
import { report, sample } from './stats';
import type { DynamoDBService } from '../local/dynamodb/types';

const cloud = await startLocalCloud({
  projectDir: process.cwd(),
  port: 0,
  inMemory: true,
  outputsFile: false,
  synth: false,
  services: appsyncTestServices(['iam', 'dynamodb', 'appsync']),
  reporter: new Reporter({ level: 'warn' }),
});

const data = cloud.outputs.data as { url: string; api_key: string };
const url = new URL(data.url);
const signer = new SignatureV4({ service: 'appsync', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Sha256 });

async function post(body: string, headers: Record<string, string>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = await response.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json;
}

async function iamPost(query: string, variables: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify({ query, variables });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'content-type': 'application/json' }, body });
  return post(body, signed.headers as Record<string, string>);
}

const CREATE = `mutation CreateIncident($input: CreateIncidentInput!) { createIncident(input: $input) { id title severity status serviceId triggeredAt createdAt updatedAt } }`;
const GET = `query GetIncident($id: ID!) { getIncident(id: $id) { id title severity status serviceId triggeredAt acknowledgedAt resolvedAt createdAt updatedAt } }`;

// Seed one service and one incident directly in DynamoDB, so reads do not depend on writes.
const dynamodb = cloud.services.get<DynamoDBService>('dynamodb');
const table = (prefix: string) => cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').find((t) => t.logicalId.startsWith(prefix))!.ref();
const now = new Date().toISOString();
const serviceId = 'bench-service';
const incidentId = 'bench-incident';
await dynamodb.call('PutItem', { TableName: table('Service'), Item: { id: { S: serviceId }, __typename: { S: 'Service' }, name: { S: 'Bench' }, status: { S: 'OPERATIONAL' }, createdAt: { S: now }, updatedAt: { S: now } } });
await dynamodb.call('PutItem', {
  TableName: table('Incident'),
  Item: { id: { S: incidentId }, __typename: { S: 'Incident' }, title: { S: 'Bench' }, severity: { S: 'SEV3' }, status: { S: 'TRIGGERED' }, serviceId: { S: serviceId }, triggeredAt: { S: now }, createdAt: { S: now }, updatedAt: { S: now } },
});
const input = (i: number) => ({ title: `Bench ${i}`, severity: 'SEV3', status: 'TRIGGERED', serviceId, triggeredAt: new Date().toISOString() });
const getBody = JSON.stringify({ query: GET, variables: { id: incidentId } });
const apiKey = { 'x-api-key': data.api_key };

report('appsync getIncident (API key, sequential)', await sample(1000, () => post(getBody, apiKey), 200), '≤ 3 ms p50');
try {
  report('appsync createIncident (IAM, sequential)', await sample(500, (i) => iamPost(CREATE, { input: input(i + 1) }), 100), '≤ 4 ms p50');
} catch (error) {
  console.log(`appsync createIncident: not measured, the mutation fails: ${(error as Error).message}`);
}

const clients = 16;
const durationMs = 5000;
let done = 0;
const until = performance.now() + durationMs;
await Promise.all(Array.from({ length: clients }, async () => {
  while (performance.now() < until) {
    await post(getBody, apiKey);
    done++;
  }
}));
console.log(`${'appsync getIncident, 16 concurrent clients'.padEnd(44)} ${(done / (durationMs / 1000)).toFixed(0)} requests/s  (target ≥ 800 on 2 cores)`);

await cloud.stop();
