import { BatchWriteItemCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { dynamodbService } from '../../../local/dynamodb';
import { iamService } from '../../../local/iam';
import { createLambdaService, type LambdaLocalService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { clientConfig, recordingReporter, startTestCloud } from '../../helpers/cloud';

const FIXTURE = path.resolve('tests/fixtures/lambda-streams');

interface Delivered {
  id: string;
  event: string;
  mode?: string;
  seq: string;
  source: string;
}

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startCloud(stateDir: string, records: LogRecord[]): Promise<LocalCloud> {
  return startTestCloud({
    cdkOut: FIXTURE,
    stateDir,
    services: [iamService(), dynamodbService(), createLambdaService({ hotReload: false, eventSourceRetryBaseMs: 20 })],
    reporter: recordingReporter(records),
  });
}

/**
 * DynamoDB stream event-source mappings: writes through the real `@aws-sdk/client-dynamodb`
 * reach the function in batches, in order, with Lambda's retry, bisect, partial-batch and
 * filter behaviour.
 */
describe('DynamoDB stream event-source mappings', () => {
  let cloud: LocalCloud;
  let dynamodb: DynamoDBClient;
  let stateDir: string;
  const records: LogRecord[] = [];
  /** Every batch a consumer received, in order. */
  const batches = (consumer: string): Delivered[][] =>
    records.filter((r) => r.service === `lambda:${consumer}` && r.message.startsWith('BATCH ')).map((r) => JSON.parse(r.message.slice(6)) as Delivered[]);
  const put = (table: string, id: string, extra: Record<string, { S: string }> = {}) =>
    dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, ...extra } }));

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-esm-'));
    cloud = await startCloud(stateDir, records);
    dynamodb = new DynamoDBClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('lists the mappings that run and those that do not, with why', () => {
    const summary = cloud.services.get<LambdaLocalService>('lambda').summary();
    expect(summary).toContain('2 DynamoDB stream mappings');
    // This cloud runs no SQS: the queue mapping is named, not run.
    expect(summary).toContain('QueueMapping → audit-consumer (no local SQS service runs in this local cloud)');
    expect(summary).toMatch(/NoAccessMapping → no-access-consumer \(Cannot access stream arn:aws:dynamodb:us-east-1:000000000000:table\/Audit\/stream\/\S+\. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM/);
  });

  it('delivers writes in commit order as { Records } with the stream ARN', async () => {
    // Act
    await put('Orders', 'o1');
    await put('Orders', 'o2');
    await put('Orders', 'o1', { note: { S: 'updated' } });

    // Assess
    await eventually(() => batches('orders-consumer').flat().length >= 3);
    const delivered = batches('orders-consumer').flat();
    expect(delivered.map((r) => [r.id, r.event])).toEqual([['o1', 'INSERT'], ['o2', 'INSERT'], ['o1', 'MODIFY']]);
    expect(delivered[0].source).toMatch(/^arn:aws:dynamodb:us-east-1:000000000000:table\/Orders\/stream\//);
    const sequences = delivered.map((r) => BigInt(r.seq));
    expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);
  });

  it('FilterCriteria drops records that match no filter (here: REMOVE)', async () => {
    // Act
    await dynamodb.send(new DeleteItemCommand({ TableName: 'Orders', Key: { id: { S: 'o2' } } }));
    await put('Orders', 'o3');

    // Assess
    await eventually(() => batches('orders-consumer').flat().some((r) => r.id === 'o3'));
    expect(batches('orders-consumer').flat().some((r) => r.event === 'REMOVE')).toBe(false);
  });

  it('retries a failed batch until it succeeds, in order', async () => {
    // Act
    await put('Orders', 'f1', { mode: { S: 'fail-once' } });

    // Assess: delivered twice (failed, then succeeded)
    await eventually(() => batches('orders-consumer').flat().filter((r) => r.id === 'f1').length === 2);
    await put('Orders', 'after-f1');
    await eventually(() => batches('orders-consumer').flat().some((r) => r.id === 'after-f1'));
    expect(batches('orders-consumer').flat().filter((r) => r.id === 'f1')).toHaveLength(2);
  });

  it('ReportBatchItemFailures retries from the first failed record only', async () => {
    // Prepare: one batch of three, the middle one reports itself failed
    const before = batches('orders-consumer').length;
    await dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          Orders: ([{ id: { S: 'p-a' } }, { id: { S: 'p-b' }, mode: { S: 'partial' } }, { id: { S: 'p-c' } }] as Record<string, { S: string }>[]).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );

    // Assess
    // The retry may be bisected ([p-b], then [p-c]), or come in more than one batch on a loaded machine: wait for both deliveries.
    const delivered = (id: string) => batches('orders-consumer').slice(before).flat().filter((r) => r.id === id).length;
    await eventually(() => delivered('p-b') === 2 && delivered('p-c') === 2);
    expect(batches('orders-consumer')[before].map((r) => r.id)).toEqual(['p-a', 'p-b', 'p-c']);
    const deliveries = batches('orders-consumer').slice(before).flat().map((r) => r.id);
    expect(deliveries.filter((id) => id === 'p-a')).toHaveLength(1);
    expect(deliveries.filter((id) => id === 'p-c')).toHaveLength(2);
  });

  it('a poison record is isolated by bisecting, then discarded after MaximumRetryAttempts; the rest gets through', async () => {
    // Act
    await put('Orders', 'poison', { mode: { S: 'poison' } });
    await put('Orders', 'after-poison');

    // Assess
    await eventually(() => batches('orders-consumer').flat().some((r) => r.id === 'after-poison'));
    const discard = records.find((r) => r.level === 'error' && r.message.includes('OrdersMapping: discarding 1 record(s)'));
    expect(discard).toBeDefined();
    expect(batches('orders-consumer').flat().filter((r) => r.id === 'poison').length).toBeGreaterThanOrEqual(3);
  });

  it('MaximumBatchingWindowInSeconds gathers records until the window closes or the batch is full', async () => {
    // Act: two writes, below BatchSize 3: one batch once the 1 s window closes
    const started = Date.now();
    await put('Audit', 'a1');
    await put('Audit', 'a2');
    await eventually(() => batches('audit-consumer').length >= 1);
    const windowed = Date.now() - started;

    // Assess
    expect(batches('audit-consumer')[0].map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(windowed).toBeGreaterThanOrEqual(900);
  });

  it('a function writes DynamoDB with its role’s credentials: what the role lacks is AccessDeniedException, as on AWS', async () => {
    // Act: the role may PutItem on Audit only
    const lambda = cloud.services.get<LambdaLocalService>('lambda');
    const writer = lambda.functions().find((f) => f.friendlyName === 'writer')!.name;
    const allowed = await lambda.invoke(writer, { table: 'Audit', id: 'w1' });
    const denied = await lambda.invoke(writer, { table: 'Orders', id: 'w2' });

    // Assess
    expect(allowed.payload).toEqual({ ok: true });
    expect(denied.payload).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    expect((denied.payload as { message: string }).message).toMatch(/is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/Orders/);
  });

  it('resumes after a restart from where it got to: nothing replayed, nothing missed', async () => {
    // Prepare
    const delivered = batches('orders-consumer').flat().length;
    await cloud.stop();
    const again: LogRecord[] = [];
    cloud = await startCloud(stateDir, again);
    dynamodb = new DynamoDBClient(clientConfig(cloud));

    // Act
    await put('Orders', 'after-restart');

    // Assess
    const afterRestart = () => again.filter((r) => r.service === 'lambda:orders-consumer' && r.message.startsWith('BATCH ')).flatMap((r) => JSON.parse(r.message.slice(6)) as Delivered[]);
    await eventually(() => afterRestart().some((r) => r.id === 'after-restart'));
    expect(delivered).toBeGreaterThan(0);
    expect(afterRestart().map((r) => r.id)).toEqual(['after-restart']);
  });
});
