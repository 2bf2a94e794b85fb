import type { DisableKeyRequest } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { changeKey } from './key-state';
import { KEY_ID } from './members';

/** `TrentService.DisableKey`: the key's state becomes Disabled; cryptographic operations then answer DisabledException. */
export const disableKey = defineOperation<DisableKeyRequest, Record<string, never>, KmsCall>({
  name: 'DisableKey',
  input: { type: 'structure', members: { KeyId: { ...KEY_ID, required: true } } },
  async handle(input, call) {
    await changeKey(call, input.KeyId, (key) => ({ ...key, state: 'Disabled' }));
    return {};
  },
});
