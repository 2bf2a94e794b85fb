import type { GetResourcePolicyRequest, GetResourcePolicyResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SECRET_ID, secretFor } from './members';

/** `secretsmanager.GetResourcePolicy`. */
export const getResourcePolicy = defineOperation<GetResourcePolicyRequest, GetResourcePolicyResponse, SecretsCall>({
  name: 'GetResourcePolicy',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true } } },
  handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    return { ARN: secret.arn, Name: secret.name, ...(secret.policy !== undefined && { ResourcePolicy: secret.policy }) };
  },
});
