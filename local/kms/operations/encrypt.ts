import type { EncryptRequest, EncryptResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { blobBytes, encryptUnder, endIfDryRun, requireSymmetric } from '../cryptography';
import { keyFor } from '../key-reference';
import { DRY_RUN, ENCRYPTION_ALGORITHM, ENCRYPTION_CONTEXT, GRANT_TOKENS, KEY_ID, PLAINTEXT } from './members';

/** `TrentService.Encrypt`: up to 4 KiB under a symmetric key, bound to the encryption context. */
export const encrypt = defineOperation<EncryptRequest, EncryptResponse, KmsCall>({
  name: 'Encrypt',
  input: {
    type: 'structure',
    members: {
      KeyId: { ...KEY_ID, required: true },
      Plaintext: { ...PLAINTEXT, required: true },
      EncryptionContext: ENCRYPTION_CONTEXT,
      GrantTokens: GRANT_TOKENS,
      EncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      DryRun: DRY_RUN,
    },
  },
  handle(input, call) {
    requireSymmetric({ algorithm: input.EncryptionAlgorithm });
    const key = keyFor(call, input.KeyId, { encryptionContext: input.EncryptionContext, cryptographic: true });
    endIfDryRun(input.DryRun);
    return { KeyId: key.arn, CiphertextBlob: encryptUnder(call, key, blobBytes(input.Plaintext), input.EncryptionContext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
});
