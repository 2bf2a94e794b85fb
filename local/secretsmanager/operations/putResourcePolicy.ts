import type { PutResourcePolicyRequest, PutResourcePolicyResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { acceptedPolicy } from '../resource-policy';
import { SECRET_ID, secretFor } from './members';

/** The model's bounds on a resource policy document. */
export const RESOURCE_POLICY = { type: 'string', min: 1, max: 20_480 } as const;

/**
 * `secretsmanager.PutResourcePolicy`: the secret's resource policy, evaluated from then on beside
 * callers' identity policies (an explicit deny in either wins; an allow in either grants).
 * With BlockPublicPolicy, a policy granting everyone is refused.
 */
export const putResourcePolicy = defineOperation<PutResourcePolicyRequest, PutResourcePolicyResponse, SecretsCall>({
  name: 'PutResourcePolicy',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true }, ResourcePolicy: { ...RESOURCE_POLICY, required: true }, BlockPublicPolicy: { type: 'boolean' } } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    acceptedPolicy(input.ResourcePolicy, input.BlockPublicPolicy === true);
    await call.secrets.update(secret.arn, (current) => ({ next: current && { ...current, policy: input.ResourcePolicy }, result: undefined }));
    return { ARN: secret.arn, Name: secret.name };
  },
});
