import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { keyFor } from '../key-reference';
import { KEY_ID } from './members';

/** `TrentService.GetKeyPolicy`: the key policy (its only policy name is `default`). */
export const getKeyPolicy = defineOperation<GetKeyPolicyRequest, GetKeyPolicyResponse, KmsCall>({
  name: 'GetKeyPolicy',
  input: { type: 'structure', members: { KeyId: { ...KEY_ID, required: true }, PolicyName: { type: 'string', min: 1, max: 128, pattern: '[\\w]+' } } },
  handle(input, call) {
    const key = keyFor(call, input.KeyId);
    return { Policy: key.policy, PolicyName: 'default' };
  },
});
