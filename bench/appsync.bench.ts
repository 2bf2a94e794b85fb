/**
 * AppSync through Flare's full generated pipeline (auth VTL included), on loopback
 * (issue 4 targets):
 *  - sequential getIncident (API key, and a signed-in user's token) and createIncident
 *    (IAM, SigV4-signed per request): p50 ≤ 3 ms and ≤ 4 ms, after a warm-up (steady state);
 *  - throughput with 16 concurrent clients, target ≥ 800 requests/s on 2 cores. The
 *    clients run in a child process (bench/clients/graphql-load.ts), as an app's clients
 *    are other processes, after a warm-up of the same load; the server's own CPU per
 *    request is printed beside it. For comparison, the same 16 clients as fetch() calls
 *    inside the server's process (sharing its one core) are measured too.
 * Prints figures; asserts nothing.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DynamoDBService } from '../local/dynamodb/types';
import { createUser, TEST_PASSWORD } from '../tests/helpers/flare-users';
import { SrpClient } from '../tests/helpers/srp-client';
import { startFlareCloud } from '../tests/integration/appsync/helpers';
import { report, sample } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const cloud = await startFlareCloud(['iam', 'dynamodb', 'cognito', 'appsync']);

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

/** A RESPONDERS user's access token, by SRP (what aws-amplify sends in userPool mode). */
async function responderToken(): Promise<string> {
  await createUser(cloud, 'bench@example.com', ['RESPONDERS']);
  const poolId = cloud.outputs.auth!.user_pool_id;
  const ClientId = cloud.outputs.auth!.user_pool_client_id;
  const cognito = new CognitoIdentityProviderClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const srp = new SrpClient(poolId.split('_')[1]);
  const started = await cognito.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bench@example.com', SRP_A: srp.A } }));
  const answered = await cognito.send(new RespondToAuthChallengeCommand({ ClientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, TEST_PASSWORD) }));
  return answered.AuthenticationResult!.AccessToken!;
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
const userPool = { authorization: await responderToken() };

// Steady state: the first few thousand requests run while V8 is still optimizing the path.
report('appsync getIncident (API key, sequential)', await sample(1000, () => post(getBody, apiKey), 2000), '≤ 3 ms p50');
report('appsync getIncident (user pool, sequential)', await sample(1000, () => post(getBody, userPool), 1000), '≤ 3 ms p50');
report('appsync createIncident (IAM, sequential)', await sample(500, (i) => iamPost(CREATE, { input: input(i + 1) }), 500), '≤ 4 ms p50');

const clients = 16;
const warmupMs = 3000;
const durationMs = 5000;

/** 16 clients in a child process; the server's CPU is counted over the measured window only. */
async function childLoad(headers: Record<string, string>): Promise<{ perSecond: number; serverCpuUs: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'clients', 'graphql-load.ts'), data.url, JSON.stringify(headers), getBody, String(clients), String(warmupMs), String(durationMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'measuring') throw new Error(`load process said ${first.value}`);
  const cpu = process.cpuUsage();
  const result = JSON.parse((await lines.next()).value as string) as { requests: number; seconds: number; errors: number };
  const used = process.cpuUsage(cpu);
  await once(child, 'exit');
  if (result.errors) throw new Error(`${result.errors} of ${result.requests} load requests failed`);
  return { perSecond: result.requests / result.seconds, serverCpuUs: ((used.user + used.system) / result.requests) };
}

for (const [label, headers] of [['API key', apiKey], ['user pool', userPool]] as const) {
  const { perSecond, serverCpuUs } = await childLoad(headers);
  console.log(`${`appsync getIncident (${label}), 16 clients`.padEnd(44)} ${perSecond.toFixed(0).padStart(6)} requests/s  server CPU ${serverCpuUs.toFixed(0)} µs/request  (target ≥ 800 on 2 cores)`);
}

// For comparison: the same load from fetch() inside this process, on the server's own core.
let done = 0;
const until = performance.now() + durationMs;
await Promise.all(Array.from({ length: clients }, async () => {
  while (performance.now() < until) {
    await post(getBody, apiKey);
    done++;
  }
}));
console.log(`${'appsync getIncident, 16 in-process fetch clients'.padEnd(44)} ${(done / (durationMs / 1000)).toFixed(0).padStart(6)} requests/s  (clients and server share one core)`);

await cloud.stop();
