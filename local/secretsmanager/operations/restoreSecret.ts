import type { RestoreSecretRequest, RestoreSecretResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SECRET_ID, secretFor } from './members';

/** `secretsmanager.RestoreSecret`: cancels a scheduled deletion. */
export const restoreSecret = defineOperation<RestoreSecretRequest, RestoreSecretResponse, SecretsCall>({
  name: 'RestoreSecret',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true } } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId, { deleted: true });
    await call.secrets.update(secret.arn, (current) => {
      if (!current) return { next: undefined, result: undefined };
      const { deletedAt: _deleted, deletionDate: _date, ...restored } = current;
      return { next: { ...restored, lastChangedAt: call.now() }, result: undefined };
    });
    return { ARN: secret.arn, Name: secret.name };
  },
});
