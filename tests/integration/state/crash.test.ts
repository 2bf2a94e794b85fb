import { AdminGetUserCommand, GetGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { BatchGetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DecryptCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Reporter } from '../../../local';
import type { LocalCognitoService } from '../../../local/cognito';
import type { Credentials } from '../../../local/iam/types';
import type { SnsLocalService } from '../../../local/sns';
import { eventually } from '../../helpers/eventually';
import type { LogRecord } from '../../../local/reporter';
import { clientConfig, recordingReporter } from '../../helpers/cloud';
import { CRASH_PHONE, crashClients, crashCloud, crashTargets, rateAnchors, schedulesCloud, streamsCloud } from './crash-cloud';

const WRITER = path.resolve('tests/integration/state/crash-writer.ts');
/** What the writer acknowledges, one kind per store; it is killed once it has each of them. */
const KINDS = ['ssm', 'user', 'outbox', 'group', 'identity', 's3', 'dynamodb', 'rule', 'topic', 'sms', 'sqs', 'secret', 'key', 'stream', 'anchor'];
/** A writer that has not acknowledged every kind by then is killed anyway: the assertions name what is missing. */
const ALL_KINDS_WITHIN_MS = 120_000;

interface Acknowledged {
  lines: Map<string, string[]>;
  keys?: { credentials: Credentials; kid: string };
}

/**
 * Runs the writer on `stateDir` until it has acknowledged `acks` writes and one of each kind,
 * then SIGKILLs it at a moment unrelated to any write.
 */
function runAndKill(stateDir: string, first: number, acks: number): Promise<Acknowledged> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, stateDir, String(first)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: Acknowledged = { lines: new Map() };
    let count = 0;
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      clearTimeout(giveUp);
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 25);
    };
    const giveUp = setTimeout(kill, ALL_KINDS_WITHIN_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [kind, ...rest] = line.split(' ');
      if (kind === 'keys') {
        acknowledged.keys = { credentials: JSON.parse(rest[0]) as Credentials, kid: rest[1] };
        return;
      }
      acknowledged.lines.set(kind, [...(acknowledged.lines.get(kind) ?? []), rest.join(' ')]);
      if (++count >= acks && KINDS.every((k) => acknowledged.lines.has(k))) kill();
    });
    // Lines still in the pipe when the child died are acknowledged writes too: wait for both.
    const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, signal) => done(signal ?? code)));
    const drained = new Promise<void>((done) => lines.on('close', done));
    void Promise.all([exited, drained]).then(([how]) => {
      if (how === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited with ${how} before it was killed:\n${stderr}`));
    });
  });
}

/**
 * Every store through the state store, killed mid-load: SSM parameters, Cognito users, outbox
 * and groups, identity pools' identities, S3 objects (records and blobs), DynamoDB items, SQS
 * messages, Secrets Manager secrets, EventBridge rules, SNS topics and published messages (delivered
 * after the restart when the kill came first), Lambda's stream positions, and what the start keeps
 * (IAM's session key, the pool's signing key, the scheduler's anchors). Each acknowledged write is there
 * after the restart, and each store opens (no torn record stops it).
 */
describe('state durability across SIGKILL, every store', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-state-crash-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('keeps every acknowledged write of every service that keeps state', { timeout: 600_000 }, async () => {
    // Prepare / Act: three writers on one state directory, each killed mid-load.
    const runs: Acknowledged[] = [];
    for (let run = 0; run < 3; run++) runs.push(await runAndKill(stateDir, run * 1_000_000, 90 + run * 30));
    const acked = (kind: string) => runs.flatMap((run) => run.lines.get(kind) ?? []);
    const cloud = await crashCloud(stateDir, new Reporter({ level: 'silent' }));
    try {
      const targets = crashTargets(cloud);
      const { ssm, cognito, identities, s3, dynamodb, sns, events, sqs, secrets, kms } = crashClients(cloud);

      // Assess: writes were acknowledged in every store…
      for (const kind of KINDS) expect(acked(kind).length, kind).toBeGreaterThan(0);
      // …and each one is there.
      const parameters = acked('ssm');
      for (let i = 0; i < parameters.length; i += 10) {
        const names = parameters.slice(i, i + 10).map((n) => `/crash/p-${n}`);
        const { InvalidParameters, Parameters } = await ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true }));
        expect(InvalidParameters).toEqual([]);
        expect(Parameters?.map((p) => p.Value).sort()).toEqual(parameters.slice(i, i + 10).map((n) => `value-${n}`).sort());
      }
      for (const n of acked('user')) {
        await expect(cognito.send(new AdminGetUserCommand({ UserPoolId: targets.userPoolId, Username: `user-${n}@crash.test` }))).resolves.toMatchObject({ Username: expect.any(String) });
      }
      const outbox = new Set(cloud.services.get<LocalCognitoService>('cognito').outbox(targets.userPoolId).map((message) => message.to));
      expect(acked('outbox').filter((n) => !outbox.has(`signup-${n}@crash.test`))).toEqual([]);
      for (const n of acked('group')) {
        await expect(cognito.send(new GetGroupCommand({ UserPoolId: targets.userPoolId, GroupName: `crash-${n}` }))).resolves.toMatchObject({ Group: { Precedence: Number(n) % 100 } });
      }
      for (const identityId of acked('identity')) {
        await expect(identities.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId }))).resolves.toMatchObject({ IdentityId: identityId });
      }
      for (const n of acked('s3')) {
        const object = await s3.send(new GetObjectCommand({ Bucket: targets.bucket, Key: `crash/${n}` }));
        expect(await object.Body!.transformToString()).toBe(`object-${n}`.repeat(100));
      }
      for (const n of acked('dynamodb')) {
        const { Item } = await dynamodb.send(new GetItemCommand({ TableName: targets.table, Key: { id: { S: `crash-${n}` } } }));
        expect(Item?.n).toEqual({ N: n });
      }
      for (const n of acked('rule')) {
        await expect(events.send(new DescribeRuleCommand({ Name: `crash-${n}` }))).resolves.toMatchObject({ EventPattern: JSON.stringify({ source: [`crash.${n}`] }) });
      }
      for (const n of acked('topic')) {
        await expect(sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:us-east-1:000000000000:crash-${n}` }))).resolves.toMatchObject({ Attributes: { TopicArn: `arn:aws:sns:us-east-1:000000000000:crash-${n}` } });
      }
      // An acknowledged publish reaches its subscriber, if not before the kill then after the restart (at least once).
      const texted = () => new Set(cloud.services.get<SnsLocalService>('sns').outbox(CRASH_PHONE).map((message) => message.body));
      await eventually(() => acked('sms').every((n) => texted().has(`sms-${n}`)), 30_000).catch(() => undefined);
      expect(acked('sms').filter((n) => !texted().has(`sms-${n}`))).toEqual([]);
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'crash' }));
      const bodies = new Set<string>();
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
        if (Messages.length === 0) break;
        for (const message of Messages) bodies.add(message.Body!);
      }
      expect(acked('sqs').filter((n) => !bodies.has(`message-${n}`))).toEqual([]);
      const created = acked('secret');
      for (let i = 0; i < created.length; i += 20) {
        const { SecretValues, Errors } = await secrets.send(new BatchGetSecretValueCommand({ SecretIdList: created.slice(i, i + 20).map((n) => `crash/s-${n}`) }));
        expect(Errors).toEqual([]);
        expect(SecretValues?.map((value) => value.SecretString).sort()).toEqual(created.slice(i, i + 20).map((n) => `value-${n}`).sort());
      }
      // Every acknowledged KMS key is there by its alias, and its ciphertext decrypts with the material kept for it.
      for (const entry of acked('key')) {
        const [n, ciphertext] = entry.split(' ');
        const { Plaintext, KeyId } = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(ciphertext, 'base64') }));
        expect(Buffer.from(Plaintext!).toString('utf8')).toBe(`kms-${n}`);
        expect((await kms.send(new DescribeKeyCommand({ KeyId: `alias/crash-${n}` }))).KeyMetadata?.Arn).toBe(KeyId);
      }
      // The scheduler counts each rate schedule from the anchor the first run kept, in every later run and now.
      const anchors = runs[0].lines.get('anchor')!;
      for (const run of runs) expect(run.lines.get('anchor')).toEqual(anchors);
      const schedules = await schedulesCloud(stateDir, new Reporter({ level: 'silent' }));
      await schedules.stop();
      expect(rateAnchors(schedules)).toEqual(anchors);
      // What each start kept: sessions signed by every run still verify; the pool signs with the key it had.
      for (const run of runs) expect(targets.iam.principalOf(run.keys!.credentials).sessionName).toMatch(/^crash-/);
      expect(new Set(runs.map((run) => run.keys!.kid))).toEqual(new Set([await targets.signingKid()]));
    } finally {
      await cloud.stop();
    }
    await expectStreamResumesAfter(stateDir, acked('stream'));
  });
});

/**
 * Lambda's stream mapping resumes after the greatest position acknowledged: a record written
 * after the restart arrives, and nothing at or before that position is delivered again (lost
 * positions would replay the stream from TRIM_HORIZON).
 */
async function expectStreamResumesAfter(stateDir: string, positions: string[]): Promise<void> {
  const records: LogRecord[] = [];
  const cloud = await streamsCloud(stateDir, recordingReporter(records, 'info'));
  try {
    await new DynamoDBClient(clientConfig(cloud)).send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'after-crash' } } }));
    const delivered = () =>
      records.filter((r) => r.service === 'lambda:orders-consumer' && r.message.startsWith('BATCH ')).flatMap((r) => JSON.parse(r.message.slice(6)) as { id: string; seq: string }[]);
    for (const deadline = Date.now() + 60_000; !delivered().some((r) => r.id === 'after-crash'); ) {
      if (Date.now() > deadline) throw new Error(`the record written after the restart never reached orders-consumer (delivered: ${delivered().length})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const acknowledged = positions.map(BigInt).reduce((a, b) => (a > b ? a : b));
    expect(delivered().filter((r) => BigInt(r.seq) <= acknowledged)).toEqual([]);
  } finally {
    await cloud.stop();
  }
}
