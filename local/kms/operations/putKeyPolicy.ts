import type { PutKeyPolicyRequest } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { checkKeyPolicy } from '../key-policy';
import { changeKey } from './key-state';
import { KEY_ID } from './members';

/** `TrentService.PutKeyPolicy`: replaces the key policy (policy name `default`). */
export const putKeyPolicy = defineOperation<PutKeyPolicyRequest, Record<string, never>, KmsCall>({
  name: 'PutKeyPolicy',
  input: {
    type: 'structure',
    members: {
      KeyId: { ...KEY_ID, required: true },
      PolicyName: { type: 'string', min: 1, max: 128, pattern: '[\\w]+' },
      Policy: { type: 'string', required: true, min: 1, max: 131_072 },
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
    },
  },
  async handle(input, call) {
    checkKeyPolicy(input.Policy);
    await changeKey(call, input.KeyId, (key) => ({ ...key, policy: input.Policy }));
    return {};
  },
});
