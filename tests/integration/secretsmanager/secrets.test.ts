/**
 * Secrets Manager through @aws-sdk/client-secrets-manager (AWS JSON 1.1): secrets and their
 * versions with the staging labels AWSCURRENT / AWSPREVIOUS, idempotent writes by
 * ClientRequestToken, describing and listing without values, deletion with a recovery window
 * and restoring, random passwords, Secrets Manager's own errors, and values kept encrypted in
 * the state directory across a restart. Behaviour as the Secrets Manager API reference documents it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetRandomPasswordCommand, GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand,
  PutSecretValueCommand, RestoreSecretCommand, SecretsManagerClient, UpdateSecretCommand, UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createSecretsManagerService } from '../../../local/secretsmanager';
import { clientConfig, startTestCloud } from '../../helpers/cloud';

let cloud: LocalCloud;
let secrets: SecretsManagerClient;
let counter = 0;

/** A fresh secret name per test, so tests do not see each other's secrets. */
const newName = (prefix = 'test') => `${prefix}/s${++counter}-${Date.now()}`;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } });
/** Version tokens are 32–64 characters; a UUID is 36. */
const token = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeAll(async () => {
  cloud = await startTestCloud({ services: [iamService(), createSecretsManagerService()] });
  secrets = new SecretsManagerClient(clientConfig(cloud));
});

afterAll(async () => {
  secrets?.destroy();
  await cloud?.stop();
});

describe('values and versions', () => {
  it('creates a secret with an ARN of its name and six characters, and answers its value as AWSCURRENT', async () => {
    const name = newName();
    const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: '{"token":"abc"}', Description: 'webhook token', Tags: [{ Key: 'team', Value: 'flare' }] }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-[A-Za-z0-9]{6}$`));
    expect(created.Name).toBe(name);
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const id of [name, created.ARN!, created.ARN!.slice(0, -7)]) {
      const value = await secrets.send(new GetSecretValueCommand({ SecretId: id }));
      expect(value).toMatchObject({ ARN: created.ARN, Name: name, VersionId: created.VersionId, SecretString: '{"token":"abc"}', VersionStages: ['AWSCURRENT'] });
      expect(value.CreatedDate).toBeInstanceOf(Date);
    }
  });

  it('moves AWSCURRENT to a new value and AWSPREVIOUS to the one before; older versions keep their value by id', async () => {
    const name = newName();
    const first = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const second = await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }));
    expect(second.VersionStages).toEqual(['AWSCURRENT']);
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('two');
    expect(await secrets.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).toMatchObject({ SecretString: 'one', VersionId: first.VersionId, VersionStages: ['AWSPREVIOUS'] });
    const third = await secrets.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'three' }));
    const { VersionIdsToStages } = await secrets.send(new DescribeSecretCommand({ SecretId: name }));
    expect(VersionIdsToStages).toEqual({ [second.VersionId!]: ['AWSPREVIOUS'], [third.VersionId!]: ['AWSCURRENT'] });
    // The first version has no label any more, but is still there by its id.
    expect(await secrets.send(new GetSecretValueCommand({ SecretId: name, VersionId: first.VersionId }))).toMatchObject({ SecretString: 'one', VersionStages: [] });
    const versions = await secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(versions.Versions?.map((version) => version.VersionId).sort()).toEqual([first.VersionId, second.VersionId, third.VersionId].sort());
  });

  it('treats a repeated ClientRequestToken with the same value as the same request, and refuses another value under it', async () => {
    const name = newName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const put = await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token(1) }));
    expect(put.VersionId).toBe(token(1));
    const again = await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token(1) }));
    expect(again.VersionId).toBe(token(1));
    expect(Object.keys((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages!)).toHaveLength(2);
    const conflict = await failure(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'other', ClientRequestToken: token(1) })));
    expect(conflict).toMatchObject({ name: 'ResourceExistsException', message: "You can't modify an existing version, you can only create a new version." });
  });

  it('keeps binary values as bytes and custom staging labels where they are moved', async () => {
    const name = newName();
    const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
    const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    const value = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
    expect(value.SecretString).toBeUndefined();
    expect([...value.SecretBinary!]).toEqual([...bytes]);
    await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'blue', MoveToVersionId: created.VersionId }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'blue' }))).VersionStages?.sort()).toEqual(['AWSCURRENT', 'blue']);
    const next = await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'text', VersionStages: ['green'] }));
    // A label other than AWSCURRENT does not move AWSCURRENT.
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name }))).VersionId).toBe(created.VersionId);
    const move = await failure(secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'blue', MoveToVersionId: next.VersionId })));
    expect(move).toMatchObject({ name: 'InvalidParameterException' });
    await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'blue', MoveToVersionId: next.VersionId, RemoveFromVersionId: created.VersionId }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'blue' }))).SecretString).toBe('text');
  });

  it('describes and lists secrets without their values, filtered by name prefix', async () => {
    const prefix = `listed${Date.now()}`;
    const names = [`${prefix}/a`, `${prefix}/b`];
    for (const name of names) await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'hidden', Tags: [{ Key: 'k', Value: name }] }));
    const listed = await secrets.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], SortOrder: 'asc', SortBy: 'name' }));
    expect(listed.SecretList?.map((secret) => secret.Name)).toEqual(names);
    expect(JSON.stringify(listed)).not.toContain('hidden');
    const paged = await secrets.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 1, SortOrder: 'asc', SortBy: 'name' }));
    expect(paged.SecretList?.map((secret) => secret.Name)).toEqual([names[0]]);
    const rest = await secrets.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 1, SortOrder: 'asc', SortBy: 'name', NextToken: paged.NextToken }));
    expect(rest.SecretList?.map((secret) => secret.Name)).toEqual([names[1]]);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: names[0] }));
    expect(described).toMatchObject({ Name: names[0], RotationEnabled: false, Tags: [{ Key: 'k', Value: names[0] }] });
    expect(JSON.stringify(described)).not.toContain('hidden');
  });
});

describe('deletion', () => {
  it('schedules a deletion with a recovery window, refuses the value meanwhile, and restores it', async () => {
    const name = newName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'keep me' }));
    const before = Date.now();
    const deleted = await secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate!.getTime()).toBeGreaterThanOrEqual(before + 7 * 86_400_000 - 1000);
    expect(deleted.DeletionDate!.getTime()).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000 + 1000);
    const refused = await failure(secrets.send(new GetSecretValueCommand({ SecretId: name })));
    expect(refused).toMatchObject({ name: 'InvalidRequestException', message: "You can't perform this operation on the secret because it was marked for deletion." });
    expect(refused?.$metadata.httpStatusCode).toBe(400);
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeInstanceOf(Date);
    expect((await secrets.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }))).SecretList).toEqual([]);
    expect((await secrets.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }], IncludePlannedDeletion: true }))).SecretList).toHaveLength(1);
    const recreate = await failure(secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })));
    expect(recreate).toMatchObject({ name: 'InvalidRequestException', message: "You can't create this secret because a secret with this name is already scheduled for deletion." });
    const twice = await failure(secrets.send(new DeleteSecretCommand({ SecretId: name })));
    expect(twice).toMatchObject({ name: 'InvalidRequestException', message: "You tried to perform the operation on a secret that's currently marked deleted." });
    await secrets.send(new RestoreSecretCommand({ SecretId: name }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('keep me');
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
  });

  it('deletes at once with ForceDeleteWithoutRecovery (also a secret already scheduled), freeing the name', async () => {
    const name = newName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'gone' }));
    await secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 30 }));
    await secrets.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    const gone = await failure(secrets.send(new GetSecretValueCommand({ SecretId: name })));
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'again' }));
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('again');
  });

  it('refuses a recovery window outside 7–30 days and one given with ForceDeleteWithoutRecovery', async () => {
    const name = newName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect(await failure(secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 3 })))).toMatchObject({ name: 'InvalidParameterException' });
    expect(await failure(secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })))).toMatchObject({ name: 'InvalidParameterException' });
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');
  });
});

describe('bad input', () => {
  it('answers model violations with ValidationException in AWS’s words, never showing a value', async () => {
    const empty = await failure(secrets.send(new GetSecretValueCommand({ SecretId: '' })));
    expect(empty).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value '' at 'secretId' failed to satisfy constraint: Member must have length greater than or equal to 1" });
    const long = await failure(secrets.send(new CreateSecretCommand({ Name: newName(), SecretString: 'x'.repeat(65_537) })));
    expect(long).toMatchObject({ name: 'ValidationException' });
    expect(long?.message).not.toContain('xxxx');
    expect(await failure(secrets.send(new CreateSecretCommand({ Name: 'bad name!', SecretString: 'x' })))).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses a name in use, a missing secret, a stage that is not there, and both kinds of value at once', async () => {
    const name = newName();
    await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect(await failure(secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'y' })))).toMatchObject({ name: 'ResourceExistsException', message: `The operation failed because the secret ${name} already exists.` });
    expect(await failure(secrets.send(new GetSecretValueCommand({ SecretId: `${name}-missing` })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(secrets.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
    });
    expect(await failure(secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'a', SecretBinary: Uint8Array.from([1]) })))).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('makes random passwords as asked', async () => {
    const { RandomPassword } = await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 40, ExcludePunctuation: true }));
    expect(RandomPassword).toMatch(/^[A-Za-z0-9]{40}$/);
    const digits = await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 12, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }));
    expect(digits.RandomPassword).toMatch(/^[0-9]{12}$/);
    expect((await secrets.send(new GetRandomPasswordCommand({}))).RandomPassword).toHaveLength(32);
  });
});

describe('at rest', () => {
  it('keeps values across a restart, encrypted in the state directory', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-secrets-'));
    const plain = `plain-text-${Date.now()}`;
    try {
      let local = await startTestCloud({ stateDir, services: [iamService(), createSecretsManagerService()] });
      let client = new SecretsManagerClient(clientConfig(local));
      await client.send(new CreateSecretCommand({ Name: 'kept', SecretString: plain }));
      await client.send(new PutSecretValueCommand({ SecretId: 'kept', SecretString: `${plain}-2` }));
      client.destroy();
      await local.stop();
      const files = (dir: string): string[] => readdirSync(dir).flatMap((entry) => (statSync(path.join(dir, entry)).isDirectory() ? files(path.join(dir, entry)) : [path.join(dir, entry)]));
      const stored = files(stateDir);
      expect(stored.some((file) => file.includes('secretsmanager'))).toBe(true);
      for (const file of stored) expect(readFileSync(file, 'utf8')).not.toContain(plain);
      local = await startTestCloud({ stateDir, services: [iamService(), createSecretsManagerService()] });
      client = new SecretsManagerClient(clientConfig(local));
      expect((await client.send(new GetSecretValueCommand({ SecretId: 'kept' }))).SecretString).toBe(`${plain}-2`);
      expect((await client.send(new GetSecretValueCommand({ SecretId: 'kept', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe(plain);
      client.destroy();
      await local.stop();
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
