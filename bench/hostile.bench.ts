/**
 * Hostile requests against Flare's API with AppSync's default limits (10,000 resolvers, no
 * depth limit), issue 14's figures:
 *  - an ordinary query's latency alone, and while the 20-deep relations query runs (target:
 *    answered within 1 s), with the time that query takes to end in ResolverExecutionLimitReached;
 *  - the 12,000-@include document (refused by the parser limit) and documents of growing
 *    size below it: time per document should grow linearly (the ratio column);
 *  - DynamoDB conditions of growing NOT nesting (dynalite's parser was exponential in them):
 *    time per request should grow linearly.
 * Three runs each. Prints figures; asserts nothing.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { clientConfig } from '../tests/helpers/cloud';
import { startFlareCloud } from '../tests/integration/appsync/helpers';
import { report, summarize } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const cloud = await startFlareCloud(['iam', 'dynamodb', 'cognito', 'appsync']);
const data = cloud.outputs.data as { url: string; api_key: string };
const url = new URL(data.url);
const signer = new SignatureV4({ service: 'appsync', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: Sha256 });

async function post(query: string, root = false): Promise<any> {
  const body = JSON.stringify({ query });
  const headers = root
    ? ((await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'content-type': 'application/json' }, body })).headers as Record<string, string>)
    : { 'content-type': 'application/json', 'x-api-key': data.api_key };
  return (await fetch(url, { method: 'POST', headers, body })).json();
}

// Two services with three incidents each: every level of the nested query doubles.
for (const name of ['Checkout', 'Sign-in']) {
  const service = await post(`mutation { createService(input: { name: "${name}", status: OPERATIONAL }) { id } }`, true);
  for (let i = 0; i < 3; i++) await post(`mutation { createIncident(input: { title: "${name} ${i}", severity: SEV2, status: TRIGGERED, serviceId: "${service.data.createService.id}", triggeredAt: "2026-12-01T00:00:00.000Z" }) { id } }`, true);
}

const ORDINARY = '{ listServices { items { id name status } } }';
const timed = async (fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const alone: number[] = [];
for (let i = 0; i < 60; i++) alone.push(await timed(() => post(ORDINARY)));
report('ordinary listServices, alone', alone);

let nested = 'id';
for (let i = 0; i < 20; i++) nested = `id service { id incidents(limit: 2) { items { ${nested} } } }`;
const DEEP = `{ listIncidents(limit: 2) { items { ${nested} } } }`;
for (let run = 1; run <= 3; run++) {
  const during: number[] = [];
  let done = false;
  const started = performance.now();
  const deep = post(DEEP).then((body) => {
    done = true;
    return { ms: performance.now() - started, types: [...new Set((body.errors ?? []).map((e: { errorType: string }) => e.errorType))] };
  });
  while (!done) during.push(await timed(() => post(ORDINARY)));
  const { ms, types } = await deep;
  report(`run ${run}: ordinary while the 20-deep query runs`, during, 'within 1 s');
  console.log(`${''.padEnd(4)}the 20-deep query ended after ${(ms / 1000).toFixed(1)} s with ${types.join(', ')}; ordinary max ${summarize(during).max.toFixed(0)} ms`);
}

for (let run = 1; run <= 3; run++) {
  const ms = await timed(() => post(`{ listServices { items { id${' @include(if: true)'.repeat(12_000)} } } }`));
  console.log(`run ${run}: 12,000 @include answered in ${ms.toFixed(1)} ms`);
}

console.log('documents of growing size (repeated @include, then aliases), ms per document, ratio to the previous size:');
for (const [label, make] of [
  ['@include ×', (n: number) => `{ listServices { items { id${' @include(if: true)'.repeat(n)} } } }`],
  ['aliases ×', (n: number) => `{ listServices { items { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } } }`],
] as const) {
  let previous: number | undefined;
  for (const n of [250, 500, 1000, 2000]) {
    const runs: number[] = [];
    // A new document each time (the executor caches documents it has seen).
    for (let run = 0; run < 3; run++) runs.push(await timed(() => post(`${make(n)}${' '.repeat(run + 1)}`)));
    const p50 = summarize(runs).p50;
    console.log(`  ${label}${String(n).padEnd(6)} ${p50.toFixed(1).padStart(8)} ms${previous ? `  ×${(p50 / previous).toFixed(2)}` : ''}`);
    previous = p50;
  }
}

console.log('DynamoDB PutItem with a condition of n nested NOTs, ms per request, ratio to the previous n:');
const ddb = new DynamoDBClient(clientConfig(cloud));
const table = cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').map((t) => String(t.properties().tableName)).find((name) => name.startsWith('Service-'))!;
let previousNots: number | undefined;
for (const n of [10, 40, 160, 640]) {
  let condition = 'attribute_exists(id)';
  for (let i = 0; i < n + 1; i++) condition = `NOT (${condition})`;
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) runs.push(await timed(() => ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: `nots-${n}-${run}` } }, ConditionExpression: condition }))));
  const p50 = summarize(runs).p50;
  console.log(`  NOT ×${String(n).padEnd(6)} ${p50.toFixed(1).padStart(8)} ms${previousNots ? `  ×${(p50 / previousNots).toFixed(2)}` : ''}`);
  previousNots = p50;
}
ddb.destroy();

await cloud.stop();
