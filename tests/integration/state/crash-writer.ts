/**
 * Child process of crash.test.ts: a local cloud over Flare's assembly with a state directory
 * (argv[2]), written to through real clients as fast as it goes, one line printed per write
 * the service acknowledged, per store: `ssm <n>` (PutParameter), `user <n>` (AdminCreateUser),
 * `outbox <n>` (SignUp, whose code is in the outbox), `group <n>` (CreateGroup), `identity <id>` (GetId), `s3 <n>`
 * (PutObject), `dynamodb <n>` (PutItem), `sqs <n>` (SendMessage to the queue `crash`), `secret <n>`
 * (CreateSecret), `key <n> <ciphertext>` (CreateKey, CreateAlias, Encrypt), `rule <n>` (PutRule), `topic <n>` (CreateTopic), `sms <n>` (Publish to a topic
 * with an SMS subscriber: acknowledged before delivery, so it must reach the outbox even when the kill came first),
 * `stream <sequence>` (a DynamoDB stream position Lambda's event-source mapping has checkpointed, in a second cloud under `<state>/streams`).
 * Before the load it prints what the start kept: `keys <credentials JSON> <kid>`, a role session
 * signed with IAM's session key and the kid of the user pool's signing key, and
 * `anchor <schedule ARN> <ms>` for each rate schedule of a third cloud under `<state>/schedules`
 * (the scheduler keeps its anchor before its start resolves).
 * The test kills it with SIGKILL mid-load.
 */
import { AdminCreateUserCommand, CreateGroupCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateAliasCommand, CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { Reporter } from '../../../local';
import type { LogRecord } from '../../../local/reporter';
import { clientConfig } from '../../helpers/cloud';
import { CRASH_PHONE, crashClients, crashCloud, crashTargets, rateAnchors, schedulesCloud, streamsCloud } from './crash-cloud';

const stateDir = process.argv[2];
const first = Number(process.argv[3] ?? 0);
const cloud = await crashCloud(stateDir, new Reporter({ level: 'silent' }));
const targets = crashTargets(cloud);
const { ssm, cognito, identities, s3, dynamodb, sns, events, sqs, secrets, kms } = crashClients(cloud);
// One topic with one SMS subscriber for the publishes (both idempotent across the runs).
const { TopicArn: smsTopic } = await sns.send(new CreateTopicCommand({ Name: 'crash-sms' }));
await sns.send(new SubscribeCommand({ TopicArn: smsTopic, Protocol: 'sms', Endpoint: CRASH_PHONE }));
// CreateQueue is idempotent: every run sends to the same queue.
const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'crash' }));
const say = (line: string) => process.stdout.write(`${line}\n`);
const streams = await streamsCloud(stateDir, new Reporter({ level: 'info', sinks: [acknowledgeStreamPositions()] }));
const streamWrites = new DynamoDBClient(clientConfig(streams));

/**
 * Lambda checkpoints a batch's last sequence number, and waits for it, before it invokes the
 * function with anything later (retries and split batches included): so when orders-consumer
 * gets a batch starting at X, the greatest sequence number delivered before X is a position
 * the mapping had durably written. Those are the stream positions this writer acknowledges.
 */
const delivered = new Set<bigint>();
let firstPosition!: () => void;
/** Resolves at the first acknowledged position: the other writers wait for the consumer's cold start. */
const streamRunning = new Promise<void>((resolve) => (firstPosition = resolve));
function acknowledgeStreamPositions(): (record: LogRecord) => void {
  let acknowledged = -1n;
  return (record) => {
    if (record.service !== 'lambda:orders-consumer' || !record.message.startsWith('BATCH ')) return;
    const batch = (JSON.parse(record.message.slice(6)) as { seq: string }[]).map((r) => BigInt(r.seq));
    const consumed = [...delivered].filter((seq) => seq < batch[0]);
    const position = consumed.length > 0 ? consumed.reduce((a, b) => (a > b ? a : b)) : -1n;
    if (position > acknowledged) {
      say(`stream ${(acknowledged = position)}`);
      firstPosition();
    }
    for (const seq of batch) delivered.add(seq);
  };
}

// What the start itself keeps: IAM's session key (it signs this role session) and the pool's signing key.
const session = targets.iam.issueRoleCredentials(targets.roleArn, { sessionName: `crash-${first}` });
say(`keys ${JSON.stringify(session)} ${await targets.signingKid()}`);
for (const anchor of rateAnchors(await schedulesCloud(stateDir, new Reporter({ level: 'silent' })))) say(`anchor ${anchor}`);

let next = first;
const writers: Record<string, (n: number) => Promise<string>> = {
  ssm: async (n) => {
    await ssm.send(new PutParameterCommand({ Name: `/crash/p-${n}`, Value: `value-${n}`, Type: 'SecureString' }));
    return `ssm ${n}`;
  },
  user: async (n) => {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: targets.userPoolId, Username: `user-${n}@crash.test`, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `user-${n}@crash.test` }] }));
    return `user ${n}`;
  },
  outbox: async (n) => {
    await cognito.send(new SignUpCommand({ ClientId: targets.clientId, Username: `signup-${n}@crash.test`, Password: 'Crash-test-2026!', UserAttributes: [{ Name: 'email', Value: `signup-${n}@crash.test` }] }));
    return `outbox ${n}`;
  },
  group: async (n) => {
    await cognito.send(new CreateGroupCommand({ UserPoolId: targets.userPoolId, GroupName: `crash-${n}`, Precedence: n % 100 }));
    return `group ${n}`;
  },
  identity: async () => {
    const { IdentityId } = await identities.send(new GetIdCommand({ IdentityPoolId: targets.identityPoolId }));
    return `identity ${IdentityId}`;
  },
  s3: async (n) => {
    await s3.send(new PutObjectCommand({ Bucket: targets.bucket, Key: `crash/${n}`, Body: `object-${n}`.repeat(100) }));
    return `s3 ${n}`;
  },
  rule: async (n) => {
    await events.send(new PutRuleCommand({ Name: `crash-${n}`, EventPattern: JSON.stringify({ source: [`crash.${n}`] }) }));
    return `rule ${n}`;
  },
  topic: async (n) => {
    await sns.send(new CreateTopicCommand({ Name: `crash-${n}` }));
    return `topic ${n}`;
  },
  sms: async (n) => {
    await sns.send(new PublishCommand({ TopicArn: smsTopic, Message: `sms-${n}` }));
    return `sms ${n}`;
  },
  sqs: async (n) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `message-${n}` }));
    return `sqs ${n}`;
  },
  secret: async (n) => {
    await secrets.send(new CreateSecretCommand({ Name: `crash/s-${n}`, SecretString: `value-${n}` }));
    return `secret ${n}`;
  },
  key: async (n) => {
    // A key, its alias and ciphertext under it: acknowledged once the alias answers, so the
    // check can find the key and must decrypt with the material kept for it.
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `crash-${n}` }));
    await kms.send(new CreateAliasCommand({ AliasName: `alias/crash-${n}`, TargetKeyId: KeyMetadata!.KeyId }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: `alias/crash-${n}`, Plaintext: Buffer.from(`kms-${n}`) }));
    return `key ${n} ${Buffer.from(CiphertextBlob!).toString('base64')}`;
  },
  dynamodb: async (n) => {
    await dynamodb.send(new PutItemCommand({ TableName: targets.table, Item: { id: { S: `crash-${n}` }, n: { N: String(n) } } }));
    return `dynamodb ${n}`;
  },
};
/**
 * Feeds the stream mapping; its acknowledgements are the checkpoints above, not these writes.
 * It stays at most 30 records ahead of the consumer, so that a restart has little to redeliver.
 */
async function streamLoad(): Promise<never> {
  for (let written = 0; ; written++) {
    while (written - delivered.size > 30) await new Promise((resolve) => setTimeout(resolve, 10));
    await streamWrites.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: `stream-${first + written}` } } }));
  }
}

async function writer(kind: string): Promise<never> {
  for (;;) say(await writers[kind](next++));
}

const streaming = streamLoad();
await streamRunning;
await Promise.all([...Object.keys(writers).map(writer), streaming]);
