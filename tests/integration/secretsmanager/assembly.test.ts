/**
 * The secrets an assembly declares (tests/fixtures/queues-and-secrets): a generated secret with
 * a rotation schedule and a resource policy, and a named one a function may read. They are
 * deployed at start as CloudFormation would (values generated once, kept across restarts), the
 * rotation function runs through its four steps on the local Lambda, and IAM and the resource
 * policy decide who may do what. Driven with the real @aws-sdk/client-secrets-manager.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { createLambdaService } from '../../../local/lambda';
import { createSecretsManagerService } from '../../../local/secretsmanager';
import { createSqsService } from '../../../local/sqs';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';
import { QUEUES_AND_SECRETS, type QueuesAndSecretsOutputs } from '../../helpers/queues-and-secrets';

let stateDir: string;
let cloud: LocalCloud;
let secrets: SecretsManagerClient;
let tokenArn: string;

const start = () =>
  startTestCloud({ projectDir: QUEUES_AND_SECRETS, synth: true, stateDir, services: [iamService(), createSqsService(), createLambdaService({ hotReload: false }), createSecretsManagerService()] });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error);
const currentOf = async (client: SecretsManagerClient, id: string) => JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString!) as Record<string, string>;

/** Waits until the secret's rotation has finished `count` times in all (LastRotatedDate moves and AWSPENDING is gone). */
async function rotated(after: Date | undefined): Promise<Date> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: tokenArn }));
    const pending = Object.values(described.VersionIdsToStages ?? {}).some((stages) => stages.includes('AWSPENDING'));
    if (described.LastRotatedDate && (!after || described.LastRotatedDate > after) && !pending) return described.LastRotatedDate;
    if (Date.now() > deadline) throw new Error(`rotation did not finish: ${JSON.stringify(described)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-secrets-assembly-'));
  cloud = await start();
  secrets = new SecretsManagerClient(clientConfig(cloud));
  tokenArn = (cloud.outputs.custom as unknown as QueuesAndSecretsOutputs).tokenSecretArn;
});

afterAll(async () => {
  secrets?.destroy();
  await cloud?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('secrets from the assembly', () => {
  it('deploys the declared secrets with generated values, description and tags', async () => {
    expect(tokenArn).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:WebhookToken[\w-]*-[A-Za-z0-9]{6}$/);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: tokenArn }));
    expect(described).toMatchObject({ ARN: tokenArn, Description: 'The token monitoring tools present', RotationEnabled: true, RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    expect(described.NextRotationDate).toBeInstanceOf(Date);
    const plain = await secrets.send(new GetSecretValueCommand({ SecretId: 'fixture/plain' }));
    expect(plain.SecretString).toHaveLength(32);
    expect(cloud.services.get('secretsmanager').summary?.()).toContain('2 secrets from the assembly');
  });

  it('rotates a new schedule at start through the rotation function’s four steps, AWSPREVIOUS keeping the value before', async () => {
    await rotated(undefined);
    const current = await currentOf(secrets, tokenArn);
    expect(current).toMatchObject({ user: 'alertmanager' });
    expect(current.token).toMatch(/^[A-Za-z0-9]{40}$/);
    const previous = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: tokenArn, VersionStage: 'AWSPREVIOUS' }))).SecretString!) as Record<string, string>;
    // The generated value: 32 characters without punctuation, under the template's key.
    expect(previous.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(current.previous).toBe(previous.token);
  });

  it('rotates on RotateSecret, the new version becoming AWSCURRENT', async () => {
    const before = await rotated(undefined);
    const old = await currentOf(secrets, tokenArn);
    const { VersionId } = await secrets.send(new RotateSecretCommand({ SecretId: tokenArn }));
    await rotated(before);
    const now = await secrets.send(new GetSecretValueCommand({ SecretId: tokenArn }));
    expect(now.VersionId).toBe(VersionId);
    expect((JSON.parse(now.SecretString!) as Record<string, string>).previous).toBe(old.token);
  });

  it('applies the resource policy: even the account root may not delete the rotated secret', async () => {
    const denied = await failure(secrets.send(new DeleteSecretCommand({ SecretId: tokenArn, ForceDeleteWithoutRecovery: true })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: tokenArn }))).DeletedDate).toBeUndefined();
  });

  it('lets a function’s role read only the secrets it was granted', async () => {
    const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'consumerlambdaServiceRole'), { sessionName: 'consumer' });
    const asConsumer = new SecretsManagerClient(clientConfig(cloud, credentials));
    try {
      expect((await asConsumer.send(new GetSecretValueCommand({ SecretId: 'fixture/plain' }))).SecretString).toHaveLength(32);
      expect(await failure(asConsumer.send(new GetSecretValueCommand({ SecretId: tokenArn })))).toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      asConsumer.destroy();
    }
  });

  it('keeps the values across a restart: a generated value is made once, and an unchanged schedule does not rotate again', async () => {
    await rotated(undefined);
    const token = await secrets.send(new GetSecretValueCommand({ SecretId: tokenArn }));
    const plain = await secrets.send(new GetSecretValueCommand({ SecretId: 'fixture/plain' }));
    secrets.destroy();
    await cloud.stop();
    cloud = await start();
    secrets = new SecretsManagerClient(clientConfig(cloud));
    const after = await secrets.send(new GetSecretValueCommand({ SecretId: tokenArn }));
    expect(after).toMatchObject({ VersionId: token.VersionId, SecretString: token.SecretString });
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'fixture/plain' }))).SecretString).toBe(plain.SecretString);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: tokenArn }));
    expect(Object.values(described.VersionIdsToStages ?? {}).flat()).not.toContain('AWSPENDING');
  });
});
