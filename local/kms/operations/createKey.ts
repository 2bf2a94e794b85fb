import { randomUUID } from 'node:crypto';
import type { CreateKeyRequest, CreateKeyResponse } from '@aws-sdk/client-kms';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { KmsErrors } from '../errors';
import { checkKeyPolicy, defaultKeyPolicy } from '../key-policy';
import { keyMetadata } from '../key-reference';
import { keyArn } from '../key-store';

const KEY_SPECS = ['ECC_NIST_EDWARDS25519', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ML_KEM_1024', 'ML_KEM_512', 'ML_KEM_768', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2', 'SYMMETRIC_DEFAULT'] as const;
const MASTER_KEY_SPECS = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2', 'SYMMETRIC_DEFAULT'] as const;

/** `TrentService.CreateKey`: a symmetric encryption key with the given (or the default) key policy. */
export const createKey = defineOperation<CreateKeyRequest, CreateKeyResponse, KmsCall>({
  name: 'CreateKey',
  input: {
    type: 'structure',
    members: {
      Policy: { type: 'string', min: 1, max: 131_072 },
      Description: { type: 'string', min: 0, max: 8192 },
      KeyUsage: { type: 'string', enum: ['ENCAPSULATE_DECAPSULATE', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'SIGN_VERIFY'] },
      CustomerMasterKeySpec: { type: 'string', enum: MASTER_KEY_SPECS },
      KeySpec: { type: 'string', enum: KEY_SPECS },
      Origin: { type: 'string', enum: ['AWS_CLOUDHSM', 'AWS_KMS', 'EXTERNAL', 'EXTERNAL_KEY_STORE'] },
      CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
      Tags: { type: 'list', member: { type: 'structure', members: { TagKey: { type: 'string', required: true, min: 1, max: 128 }, TagValue: { type: 'string', required: true, min: 0, max: 256 } } } },
      MultiRegion: { type: 'boolean' },
      XksKeyId: { type: 'string', min: 1, max: 128 },
    },
  },
  async handle(input, call) {
    call.authorize(`arn:aws:kms:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT') throw KmsErrors.unsupported(`KeySpec ${spec}`);
    if (input.KeyUsage !== undefined && input.KeyUsage !== 'ENCRYPT_DECRYPT') throw KmsErrors.unsupported(`KeyUsage ${input.KeyUsage}`);
    if (input.Origin !== undefined && input.Origin !== 'AWS_KMS') throw KmsErrors.unsupported(`Origin ${input.Origin}`);
    if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) throw KmsErrors.unsupported('A custom key store');
    if (input.MultiRegion) throw KmsErrors.unsupported('A multi-Region key');
    const policy = input.Policy ?? defaultKeyPolicy(LOCAL_ACCOUNT.accountId);
    checkKeyPolicy(policy);
    const keyId = randomUUID();
    const key = { keyId, arn: keyArn(keyId), description: input.Description ?? '', state: 'Enabled' as const, policy, createdAt: call.now(), material: call.keys.newMaterial() };
    await call.keys.putKey(key);
    return { KeyMetadata: keyMetadata(key) };
  },
});
