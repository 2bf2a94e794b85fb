import type { ValidateResourcePolicyRequest, ValidateResourcePolicyResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { ALL_SECRETS } from '../secret-store';
import { checkResourcePolicy } from '../resource-policy';
import { SECRET_ID, secretFor } from './members';
import { RESOURCE_POLICY } from './putResourcePolicy';

/** `secretsmanager.ValidateResourcePolicy`: whether the policy would be accepted, and what is wrong with it. */
export const validateResourcePolicy = defineOperation<ValidateResourcePolicyRequest, ValidateResourcePolicyResponse, SecretsCall>({
  name: 'ValidateResourcePolicy',
  input: { type: 'structure', members: { SecretId: SECRET_ID, ResourcePolicy: { ...RESOURCE_POLICY, required: true } } },
  handle(input, call) {
    if (input.SecretId !== undefined) secretFor(call, input.SecretId);
    else call.authorize(ALL_SECRETS);
    const { problems } = checkResourcePolicy(input.ResourcePolicy);
    return {
      PolicyValidationPassed: problems.length === 0,
      ValidationErrors: problems.map((problem) => ({ CheckName: problem.kind === 'public' ? 'BLOCK_PUBLIC_POLICY' : 'MALFORMED_POLICY', ErrorMessage: problem.message })),
    };
  },
});
