import { LOCAL_ACCOUNT } from '../assembly';
import type { KmsCall } from './context';
import { KmsErrors } from './errors';
import { authorizeKeyUse } from './key-policy';
import { aliasArn, keyArn, type StoredKey } from './key-store';

const { accountId, region } = LOCAL_ACCOUNT;
const KEY_ARN = /^arn:aws:kms:([^:]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws:kms:([^:]+):(\d{12}):(alias\/.+)$/;

/**
 * The key a `KeyId` names, as KMS reads one: a key id, a key ARN, an alias name (`alias/…`) or
 * an alias ARN. NotFoundException when there is none.
 */
export function findKey(call: KmsCall, reference: string): StoredKey {
  const aliasName = reference.startsWith('alias/') ? reference : ALIAS_ARN.exec(reference)?.[3];
  if (aliasName !== undefined) {
    const alias = call.keys.alias(aliasName);
    const key = alias && call.keys.key(alias.targetKeyId);
    if (!key) throw KmsErrors.aliasNotFound(aliasArn(aliasName));
    return key;
  }
  const arn = KEY_ARN.exec(reference);
  if (arn && (arn[1] !== region || arn[2] !== accountId)) throw KmsErrors.keyNotFound(reference);
  const keyId = arn ? arn[3] : reference;
  const key = call.keys.key(keyId);
  if (!key) throw KmsErrors.keyNotFound(keyArn(keyId));
  return key;
}

/** Refuses a key that cannot do cryptography now: DisabledException, or KMSInvalidStateException while pending deletion. */
export function requireEnabled(key: StoredKey): void {
  if (key.state === 'Disabled') throw KmsErrors.disabled(key.arn);
  if (key.state !== 'Enabled') throw KmsErrors.pendingDeletion(key.arn);
}

/**
 * The key, authorized for the call's action (or `action`) under its key policy and the caller's
 * IAM policies; for cryptographic operations also checked to be enabled (after authorization,
 * as KMS does: a caller without access learns nothing of the key's state).
 */
export function keyFor(call: KmsCall, reference: string, options: { action?: string; encryptionContext?: Record<string, string>; cryptographic?: boolean } = {}): StoredKey {
  const key = findKey(call, reference);
  authorizeKeyUse({ services: call.services, principal: call.principal, action: options.action ?? `kms:${call.operation}`, key, encryptionContext: options.encryptionContext });
  if (options.cryptographic) requireEnabled(key);
  return key;
}

/** KeyMetadata as DescribeKey, CreateKey and friends answer it. */
export function keyMetadata(key: StoredKey) {
  return {
    AWSAccountId: accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT' as const,
    KeyState: key.state,
    ...(key.deletionDate !== undefined && { DeletionDate: new Date(key.deletionDate) }),
    Origin: 'AWS_KMS' as const,
    KeyManager: 'CUSTOMER' as const,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' as const,
    KeySpec: 'SYMMETRIC_DEFAULT' as const,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT' as const],
    MultiRegion: false,
  };
}
