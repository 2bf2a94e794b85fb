/**
 * The local KMS through the real @aws-sdk/client-kms, on a hand-written assembly
 * (tests/fixtures/kms): symmetric keys with key policies, an alias, a disabled key and an
 * asymmetric key the local KMS names as not run. Ciphertext is self-describing and bound to its
 * encryption context; key policies decide together with IAM policies as KMS documents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand, ListKeysCommand, ReEncryptCommand,
  ScheduleKeyDeletionCommand, SignCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { createKmsService } from '../../../local/kms';
import { clientConfig, startTestCloud } from '../../helpers/cloud';

const FIXTURE = fileURLToPath(new URL('../../fixtures/kms', import.meta.url));
let stateDir: string;
let cloud: LocalCloud;
let kms: KMSClient;

const start = () => startTestCloud({ projectDir: FIXTURE, cdkOut: FIXTURE, stateDir, services: [iamService(), createKmsService()] });
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected the call to fail'); }, (error: unknown) => error as Error & { $metadata: { httpStatusCode: number } });
const physical = (logicalId: string, attribute = 'Arn') => String(cloud.assembly.resources().find((r) => r.logicalId === logicalId)!.getAtt(attribute));
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes!).toString('utf8');

/** A client acting as one of the fixture's roles. */
function as(roleLogicalId: string): KMSClient {
  const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(physical(roleLogicalId), { sessionName: roleLogicalId });
  return new KMSClient(clientConfig(cloud, credentials));
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-kms-'));
  cloud = await start();
  kms = new KMSClient(clientConfig(cloud));
});

afterAll(async () => {
  kms?.destroy();
  await cloud?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('keys from the assembly', () => {
  it('runs the symmetric keys under the ids the assembly gives them, and names the asymmetric one as not run', async () => {
    const appKeyArn = physical('AppKey');
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: appKeyArn }));
    expect(KeyMetadata).toMatchObject({ Arn: appKeyArn, KeyId: physical('AppKey', 'KeyId'), Description: "The app's data key", Enabled: true, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER' });
    expect(cloud.services.get('kms').summary?.()).toMatch(/^3 keys from the assembly \(AppKey, LockedKey, DisabledKey\), 0 created by callers; 1 alias;.*NOT run: SigningKey \(RSA_2048 SIGN_VERIFY/);
    const keys = await kms.send(new ListKeysCommand({}));
    expect(keys.Keys!.map((key) => key.KeyArn).sort()).toEqual([physical('AppKey'), physical('LockedKey'), physical('DisabledKey')].sort());
    const aliases = await kms.send(new ListAliasesCommand({}));
    expect(aliases.Aliases).toEqual([expect.objectContaining({ AliasName: 'alias/app', AliasArn: 'arn:aws:kms:us-east-1:000000000000:alias/app', TargetKeyId: physical('AppKey', 'KeyId') })]);
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: 'alias/app' }))).Policy!) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((statement) => statement.Sid)).toEqual(['Enable IAM User Permissions', 'KeyUserUsesTheKey', 'NoDecryptForRevoked']);
  });

  it('answers a key that does not exist, and an unknown alias, with NotFoundException', async () => {
    const missing = await failure(kms.send(new DescribeKeyCommand({ KeyId: '11111111-2222-4333-8444-555555555555' })));
    expect(missing).toMatchObject({ name: 'NotFoundException', message: "Key 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-4333-8444-555555555555' does not exist" });
    const alias = await failure(kms.send(new EncryptCommand({ KeyId: 'alias/nope', Plaintext: Buffer.from('x') })));
    expect(alias).toMatchObject({ name: 'NotFoundException', message: 'Alias arn:aws:kms:us-east-1:000000000000:alias/nope is not found.' });
  });
});

describe('encryption', () => {
  it('round-trips through an alias; Decrypt needs no KeyId, the blob names its key', async () => {
    const context = { purpose: 'test', tenant: 'a' };
    const encrypted = await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('the secret'), EncryptionContext: context }));
    expect(encrypted).toMatchObject({ KeyId: physical('AppKey'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { tenant: 'a', purpose: 'test' } }));
    expect(decrypted.KeyId).toBe(physical('AppKey'));
    expect(text(decrypted.Plaintext)).toBe('the secret');
  });

  it('binds ciphertext to its encryption context, key and bytes: any change is InvalidCiphertextException', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: physical('AppKey'), Plaintext: Buffer.from('bound'), EncryptionContext: { user: 'ann' } }));
    for (const EncryptionContext of [{ user: 'bob' }, undefined, { user: 'ann', extra: 'x' }] as (Record<string, string> | undefined)[]) {
      const refused = await failure(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext })));
      expect(refused.name).toBe('InvalidCiphertextException');
      expect(refused.$metadata.httpStatusCode).toBe(400);
    }
    const damaged = Buffer.from(CiphertextBlob!);
    damaged[damaged.length - 1] ^= 1;
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: damaged, EncryptionContext: { user: 'ann' } })))).name).toBe('InvalidCiphertextException');
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a blob at all') })))).name).toBe('InvalidCiphertextException');
    const other = await failure(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { user: 'ann' }, KeyId: physical('LockedKey') })));
    expect(other.name).toBe('IncorrectKeyException');
  });

  it('makes data keys: GenerateDataKey’s ciphertext decrypts to its plaintext; WithoutPlaintext gives only the blob', async () => {
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/app', KeySpec: 'AES_256', EncryptionContext: { file: 'a.txt' } }));
    expect(dataKey.Plaintext).toHaveLength(32);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: { file: 'a.txt' } }));
    expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(dataKey.Plaintext!))).toBe(true);
    const blind = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'alias/app', NumberOfBytes: 16 }));
    expect(blind).not.toHaveProperty('Plaintext');
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: blind.CiphertextBlob }))).Plaintext).toHaveLength(16);
    const neither = await failure(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/app' })));
    expect(neither).toMatchObject({ name: 'ValidationException', message: 'Please specify either number of bytes or key spec.' });
    const tooMany = await failure(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/app', NumberOfBytes: 2048 })));
    expect(tooMany).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value '2048' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024" });
  });

  it('re-encrypts under another key without the plaintext leaving KMS', async () => {
    const created = await kms.send(new CreateKeyCommand({ Description: 'made by the test' }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('moving'), EncryptionContext: { a: '1' } }));
    const moved = await kms.send(new ReEncryptCommand({ CiphertextBlob, SourceEncryptionContext: { a: '1' }, DestinationKeyId: created.KeyMetadata!.KeyId, DestinationEncryptionContext: { b: '2' } }));
    expect(moved).toMatchObject({ SourceKeyId: physical('AppKey'), KeyId: created.KeyMetadata!.Arn });
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: { b: '2' } }))).Plaintext)).toBe('moving');
  });

  it('refuses a disabled key with DisabledException until it is enabled again', async () => {
    const disabledArn = physical('DisabledKey');
    const refused = await failure(kms.send(new EncryptCommand({ KeyId: disabledArn, Plaintext: Buffer.from('x') })));
    expect(refused).toMatchObject({ name: 'DisabledException', message: `${disabledArn} is disabled.` });
    const created = await kms.send(new CreateKeyCommand({}));
    const keyId = created.KeyMetadata!.KeyId!;
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('kept') }));
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob })))).name).toBe('DisabledException');
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('kept');
  });

  it('schedules deletion: the key is unusable while pending, and comes back disabled when cancelled', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: KeyMetadata!.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const pending = await failure(kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('x') })));
    expect(pending).toMatchObject({ name: 'KMSInvalidStateException', message: `${KeyMetadata!.Arn} is pending deletion.` });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Disabled' });
  });

  it('names what it does not run: asymmetric keys and signing', async () => {
    const asymmetric = await failure(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })));
    expect(asymmetric.name).toBe('UnsupportedOperationException');
    expect(asymmetric.message).toContain('KeySpec RSA_2048 is not supported by the local KMS');
    const sign = await failure(kms.send(new SignCommand({ KeyId: 'alias/app', Message: Buffer.from('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })));
    expect(sign.name).toBe('UnknownOperationException');
    expect(sign.message).toContain('asymmetric and HMAC keys');
  });
});

describe('key policies with IAM policies', () => {
  it('lets a role the key policy names use the key with no IAM policy of its own', async () => {
    const keyUser = as('KeyUser');
    const { CiphertextBlob } = await keyUser.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('for the key user') }));
    expect(text((await keyUser.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('for the key user');
  });

  it('lets IAM policies grant use of a key whose policy delegates to the account, and only those', async () => {
    const iamUser = as('IamUser');
    await expect(iamUser.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x') }))).resolves.toMatchObject({ KeyId: physical('AppKey') });
    const locked = await failure(iamUser.send(new EncryptCommand({ KeyId: physical('LockedKey'), Plaintext: Buffer.from('x') })));
    expect(locked.name).toBe('AccessDeniedException');
    expect(locked.message).toMatch(new RegExp(`^User: arn:aws:sts::000000000000:assumed-role/[^/]+/IamUser is not authorized to perform: kms:Encrypt on resource: ${physical('LockedKey')} because no resource-based policy allows the kms:Encrypt action$`));
    const bystander = await failure(as('Bystander').send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x') })));
    expect(bystander.message).toContain('because no identity-based policy allows the kms:Encrypt action');
  });

  it('refuses even the account root a key whose policy does not name the account', async () => {
    const refused = await failure(kms.send(new EncryptCommand({ KeyId: physical('LockedKey'), Plaintext: Buffer.from('x') })));
    expect(refused).toMatchObject({ name: 'AccessDeniedException' });
    expect(refused.$metadata.httpStatusCode).toBe(400);
  });

  it('an explicit deny in the key policy wins over the role’s IAM allow', async () => {
    const revoked = as('Revoked');
    const { CiphertextBlob } = await revoked.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x') }));
    const refused = await failure(revoked.send(new DecryptCommand({ CiphertextBlob })));
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toMatch(/is not authorized to perform: kms:Decrypt on resource: .* with an explicit deny in a resource-based policy$/);
  });
});

describe('state', () => {
  it('keeps keys, aliases and their material across a restart: ciphertext made before decrypts after', async () => {
    const created = await kms.send(new CreateKeyCommand({ Description: 'survives' }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/survivor', TargetKeyId: created.KeyMetadata!.KeyId }));
    const before = await kms.send(new EncryptCommand({ KeyId: 'alias/survivor', Plaintext: Buffer.from('across restarts') }));
    const fromAssembly = await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('assembly key') }));
    kms.destroy();
    await cloud.stop();
    cloud = await start();
    kms = new KMSClient(clientConfig(cloud));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).Plaintext)).toBe('across restarts');
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: fromAssembly.CiphertextBlob }))).Plaintext)).toBe('assembly key');
  });
});
