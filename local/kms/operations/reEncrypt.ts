import type { ReEncryptRequest, ReEncryptResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { decryptBlob, encryptUnder, endIfDryRun, requireSymmetric } from '../cryptography';
import { KmsErrors } from '../errors';
import { keyFor } from '../key-reference';
import { CIPHERTEXT, DRY_RUN, ENCRYPTION_ALGORITHM, ENCRYPTION_CONTEXT, GRANT_TOKENS, KEY_ID } from './members';

/**
 * `TrentService.ReEncrypt`: decrypts under the source key (`kms:ReEncryptFrom`) and encrypts
 * under the destination key (`kms:ReEncryptTo`) without the plaintext leaving KMS.
 */
export const reEncrypt = defineOperation<ReEncryptRequest, ReEncryptResponse, KmsCall>({
  name: 'ReEncrypt',
  action: 'kms:ReEncryptFrom',
  input: {
    type: 'structure',
    members: {
      CiphertextBlob: CIPHERTEXT,
      SourceEncryptionContext: ENCRYPTION_CONTEXT,
      SourceKeyId: KEY_ID,
      DestinationKeyId: { ...KEY_ID, required: true },
      DestinationEncryptionContext: ENCRYPTION_CONTEXT,
      SourceEncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      DestinationEncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      GrantTokens: GRANT_TOKENS,
      DryRun: DRY_RUN,
      DryRunModifiers: { type: 'list', member: { type: 'string', enum: ['IGNORE_CIPHERTEXT'] } },
    },
  },
  handle(input, call) {
    requireSymmetric({ algorithm: input.SourceEncryptionAlgorithm });
    requireSymmetric({ algorithm: input.DestinationEncryptionAlgorithm });
    if (input.CiphertextBlob === undefined) throw KmsErrors.validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const destination = keyFor(call, input.DestinationKeyId, { action: 'kms:ReEncryptTo', encryptionContext: input.DestinationEncryptionContext, cryptographic: true });
    const source = decryptBlob(call, input.CiphertextBlob, { keyId: input.SourceKeyId, context: input.SourceEncryptionContext, action: 'kms:ReEncryptFrom' });
    endIfDryRun(input.DryRun);
    return {
      CiphertextBlob: encryptUnder(call, destination, source.plaintext, input.DestinationEncryptionContext),
      SourceKeyId: source.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
});
