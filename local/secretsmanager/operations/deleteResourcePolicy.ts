import type { DeleteResourcePolicyRequest, DeleteResourcePolicyResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SECRET_ID, secretFor } from './members';

/** `secretsmanager.DeleteResourcePolicy`. */
export const deleteResourcePolicy = defineOperation<DeleteResourcePolicyRequest, DeleteResourcePolicyResponse, SecretsCall>({
  name: 'DeleteResourcePolicy',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true } } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    await call.secrets.update(secret.arn, (current) => {
      if (!current) return { next: undefined, result: undefined };
      const { policy: _removed, ...rest } = current;
      return { next: rest, result: undefined };
    });
    return { ARN: secret.arn, Name: secret.name };
  },
});
