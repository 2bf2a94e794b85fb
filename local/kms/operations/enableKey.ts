import type { EnableKeyRequest } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { changeKey } from './key-state';
import { KEY_ID } from './members';

/** `TrentService.EnableKey`: the key's state becomes Enabled (cryptographic operations work again). */
export const enableKey = defineOperation<EnableKeyRequest, Record<string, never>, KmsCall>({
  name: 'EnableKey',
  input: { type: 'structure', members: { KeyId: { ...KEY_ID, required: true } } },
  async handle(input, call) {
    await changeKey(call, input.KeyId, (key) => ({ ...key, state: 'Enabled' }));
    return {};
  },
});
