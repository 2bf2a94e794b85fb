import type { DecryptRequest, DecryptResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { decryptBlob, requireSymmetric, wireBlob } from '../cryptography';
import { KmsErrors } from '../errors';
import { CIPHERTEXT, DRY_RUN, ENCRYPTION_ALGORITHM, ENCRYPTION_CONTEXT, GRANT_TOKENS, KEY_ID } from './members';

/**
 * `TrentService.Decrypt`: the blob names its key, so KeyId is optional (when given it must be
 * that key); the encryption context must be the one it was encrypted with.
 */
export const decrypt = defineOperation<DecryptRequest, DecryptResponse, KmsCall>({
  name: 'Decrypt',
  input: {
    type: 'structure',
    members: {
      CiphertextBlob: CIPHERTEXT,
      EncryptionContext: ENCRYPTION_CONTEXT,
      GrantTokens: GRANT_TOKENS,
      KeyId: KEY_ID,
      EncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      Recipient: { type: 'structure', members: { KeyEncryptionAlgorithm: { type: 'string', enum: ['RSAES_OAEP_SHA_256'] }, AttestationDocument: { type: 'blob', min: 1, max: 262_144 } } },
      DryRun: DRY_RUN,
      DryRunModifiers: { type: 'list', member: { type: 'string', enum: ['IGNORE_CIPHERTEXT'] } },
    },
  },
  handle(input, call) {
    requireSymmetric({ algorithm: input.EncryptionAlgorithm, recipient: input.Recipient });
    if (input.CiphertextBlob === undefined) throw KmsErrors.validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const { key, plaintext } = decryptBlob(call, input.CiphertextBlob, { keyId: input.KeyId, context: input.EncryptionContext, action: 'kms:Decrypt', dryRun: input.DryRun });
    return { KeyId: key.arn, Plaintext: wireBlob(plaintext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  },
});
