import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { dataKeyLength, endIfDryRun, newDataKey, requireSymmetric, wireBlob } from '../cryptography';
import { keyFor } from '../key-reference';
import { DATA_KEY_SPEC, DRY_RUN, ENCRYPTION_CONTEXT, GRANT_TOKENS, KEY_ID, NUMBER_OF_BYTES } from './members';

/** `TrentService.GenerateDataKey`: a random data key, in plaintext and encrypted under the key (what envelope encryption and the Encryption SDK use). */
export const generateDataKey = defineOperation<GenerateDataKeyRequest, GenerateDataKeyResponse, KmsCall>({
  name: 'GenerateDataKey',
  input: {
    type: 'structure',
    members: {
      KeyId: { ...KEY_ID, required: true },
      EncryptionContext: ENCRYPTION_CONTEXT,
      NumberOfBytes: NUMBER_OF_BYTES,
      KeySpec: DATA_KEY_SPEC,
      GrantTokens: GRANT_TOKENS,
      Recipient: { type: 'structure', members: { KeyEncryptionAlgorithm: { type: 'string', enum: ['RSAES_OAEP_SHA_256'] }, AttestationDocument: { type: 'blob', min: 1, max: 262_144 } } },
      DryRun: DRY_RUN,
    },
  },
  handle(input, call) {
    requireSymmetric({ recipient: input.Recipient });
    const length = dataKeyLength(input);
    const key = keyFor(call, input.KeyId, { encryptionContext: input.EncryptionContext, cryptographic: true });
    endIfDryRun(input.DryRun);
    const { plaintext, ciphertext } = newDataKey(call, key, length, input.EncryptionContext);
    return { KeyId: key.arn, CiphertextBlob: ciphertext, Plaintext: wireBlob(plaintext) };
  },
});
