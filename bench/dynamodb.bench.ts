/**
 * Local DynamoDB: what start-up, item operations, transactions and streams cost.
 *   - start-up with a cached synth to ready, all registered services (target ≤ 1.5 s), and the
 *     idle RSS of that local cloud (target ≤ 200 MB), each in a fresh process: on a state
 *     directory (as `npm run local` runs) and in memory;
 *   - GetItem / PutItem through the edge with the SDK, sequential, SigV4 verified by the local
 *     IAM service (target p50 ≤ 1.5 ms);
 *   - a 2-item TransactWriteItems (target ≤ 3 ms);
 *   - a write until its record is returned by GetRecords (target ≤ 50 ms);
 *   - what serializing writes per table costs: 100 concurrent PutItems on one table vs spread
 *     over three.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Reporter, startLocalCloud } from '../local';
import { dynamodbService } from '../local/dynamodb';
import { iamService } from '../local/iam';
import { defaultServices } from '../local/services';
import { report, sample, summarize } from './stats';

const quiet = () => new Reporter({ level: 'silent' });

/**
 * Child mode: start every service (or all but dynamodb), in memory or on a state directory,
 * print how long it took and the RSS once idle.
 */
async function startupChild(withoutDynamoDB: boolean, stateDir: string | undefined, port: number): Promise<void> {
  const started = performance.now();
  const services = withoutDynamoDB ? defaultServices().filter((service) => service.name !== 'dynamodb') : undefined;
  const cloud = await startLocalCloud({ projectDir: process.cwd(), port, inMemory: !stateDir, stateDir, outputsFile: false, services, reporter: quiet() });
  const ready = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rss = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify({ sinceProcessStart: ready, startLocalCloud: ready - started, rssMb: rss / 1024 / 1024, services: cloud.services.all().map((s) => s.name) })}\n`);
  await cloud.stop();
}

if (process.argv.includes('--startup-child')) {
  const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  await startupChild(process.argv.includes('--without-dynamodb'), option('state-dir'), Number(option('port') ?? 0));
  process.exit(0);
}

type StartupRun = { sinceProcessStart: number; startLocalCloud: number; rssMb: number; services: string[] };
function startups(extra: string[], warmups = 0): StartupRun[] {
  const runs: StartupRun[] = [];
  for (let i = 0; i < 3 + warmups; i++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), '--startup-child', ...extra], { encoding: 'utf8' });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`start-up child failed:\n${child.stderr}`);
    if (i >= warmups) runs.push(JSON.parse(line));
  }
  return runs;
}
const rssLine = (label: string, runs: StartupRun[]) => {
  const rss = summarize(runs.map((r) => r.rssMb));
  console.log(`${label.padEnd(44)} p50 ${rss.p50.toFixed(0).padStart(7)} MB   max ${rss.max.toFixed(0)} MB  (target ≤ 200 MB)`);
};

/** A port free now (the outputs cache is keyed by endpoint, so the starts share one, as `npm run local`'s 4566). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// As `npm run local` starts: on its state directory and a fixed port; the first start (the
// warm-up, not counted) seeded the ids and cached the client outputs built from them.
console.log('start-up (fresh process, cached synth, state directory as npm run local uses it)');
const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-bench-startup-'));
const onDisk = startups([`--state-dir=${stateDir}`, `--port=${await freePort()}`], 1);
rmSync(stateDir, { recursive: true, force: true });
report('  startLocalCloud() to ready', onDisk.map((r) => r.startLocalCloud), '≤ 1.5 s');
report('  process start (tsx, imports) to ready', onDisk.map((r) => r.sinceProcessStart));
rssLine('  idle RSS of the local cloud', onDisk);

// In memory, ids are new at every start, so the client outputs are built every time (client-config).
console.log('start-up (fresh process, cached synth, in memory: --in-memory)');
const all = startups([]);
console.log(`  all registered services: ${all[0].services.join(', ')}`);
report('  startLocalCloud() to ready', all.map((r) => r.startLocalCloud), '≤ 1.5 s');
report('  process start (tsx, imports) to ready', all.map((r) => r.sinceProcessStart));
rssLine('  idle RSS of the local cloud', all);
// What dynamodb's share is: the same without it.
const without = startups(['--without-dynamodb']);
console.log('  all but dynamodb:');
report('    startLocalCloud() to ready', without.map((r) => r.startLocalCloud));
rssLine('    idle RSS', without);

// Requests: iam (SigV4 verified on every request) and dynamodb, Flare's assembly. The SDK is
// imported here, not above, so that the start-up children measure the local cloud alone.
const { GetItemCommand, PutItemCommand, TransactWriteItemsCommand } = await import('@aws-sdk/client-dynamodb');
const { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } = await import('@aws-sdk/client-dynamodb-streams');
const { clients, tableName } = await import('../tests/integration/dynamodb/helpers');
const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, outputsFile: false, synth: false, services: [iamService(), dynamodbService()], reporter: quiet() });
const { dynamodb, streams } = clients(cloud);
const tables = cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').map((r) => r.ref());
const table = tableName(cloud, tables.length ? cloud.assembly.ofType('Custom::AmplifyDynamoDBTable')[0].logicalId : '');
const keyName = (cloud.assembly.ofType('Custom::AmplifyDynamoDBTable')[0].properties() as { keySchema: { attributeName: string }[] }).keySchema[0].attributeName;
const item = (i: number) => ({ [keyName]: { S: `bench-${i}` }, title: { S: 'Database latency above threshold' }, count: { N: String(i) } });

console.log(`\nitem operations through the edge (SDK, SigV4 verified), sequential, table ${table}`);
report('  PutItem', await sample(1000, (i) => dynamodb.send(new PutItemCommand({ TableName: table, Item: item(i) }))), 'p50 ≤ 1.5 ms');
report('  GetItem', await sample(1000, (i) => dynamodb.send(new GetItemCommand({ TableName: table, Key: { [keyName]: { S: `bench-${i % 1000}` } } }))), 'p50 ≤ 1.5 ms');
let next = 100_000;
report('  TransactWriteItems, 2 items', await sample(500, () => dynamodb.send(new TransactWriteItemsCommand({
  TransactItems: [
    { Put: { TableName: table, Item: item(next++), ConditionExpression: `attribute_not_exists(${keyName})` } },
    { Update: { TableName: tables[1 % tables.length], Key: { [keyName]: { S: 'counter' } }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
  ],
}))), 'p50 ≤ 3 ms');

const StreamArn = String(cloud.assembly.ofType('Custom::AmplifyDynamoDBTable')[0].getAtt('TableStreamArn'));
const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
let ShardIterator = (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: StreamDescription!.Shards![0].ShardId, ShardIteratorType: 'LATEST' }))).ShardIterator;
report('  write → its record returned by GetRecords', await sample(300, async (i) => {
  const key = `visible-${i}-${Math.random()}`;
  await dynamodb.send(new PutItemCommand({ TableName: table, Item: { [keyName]: { S: key } } }));
  for (;;) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
    ShardIterator = page.NextShardIterator;
    if (page.Records!.some((r) => r.dynamodb!.Keys![keyName].S === key)) return;
  }
}), 'p50 ≤ 50 ms');

console.log('\nwhat per-table write serialization costs (100 concurrent PutItems, whole batch)');
const burst = async (spread: number) => {
  const start = performance.now();
  await Promise.all(Array.from({ length: 100 }, (_, i) => dynamodb.send(new PutItemCommand({ TableName: tables[i % spread], Item: item(200_000 + i) }))));
  return performance.now() - start;
};
report('  one table', await sample(30, () => burst(1), 5));
report(`  spread over ${tables.length} tables`, await sample(30, () => burst(tables.length), 5));

await cloud.stop();
