import type { GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { dataKeyLength, endIfDryRun, newDataKey } from '../cryptography';
import { keyFor } from '../key-reference';
import { DATA_KEY_SPEC, DRY_RUN, ENCRYPTION_CONTEXT, GRANT_TOKENS, KEY_ID, NUMBER_OF_BYTES } from './members';

/** `TrentService.GenerateDataKeyWithoutPlaintext`: a data key encrypted under the key, its plaintext never returned. */
export const generateDataKeyWithoutPlaintext = defineOperation<GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse, KmsCall>({
  name: 'GenerateDataKeyWithoutPlaintext',
  input: {
    type: 'structure',
    members: {
      KeyId: { ...KEY_ID, required: true },
      EncryptionContext: ENCRYPTION_CONTEXT,
      KeySpec: DATA_KEY_SPEC,
      NumberOfBytes: NUMBER_OF_BYTES,
      GrantTokens: GRANT_TOKENS,
      DryRun: DRY_RUN,
    },
  },
  handle(input, call) {
    const length = dataKeyLength(input);
    const key = keyFor(call, input.KeyId, { encryptionContext: input.EncryptionContext, cryptographic: true });
    endIfDryRun(input.DryRun);
    return { KeyId: key.arn, CiphertextBlob: newDataKey(call, key, length, input.EncryptionContext).ciphertext };
  },
});
