import type { CancelRotateSecretRequest, CancelRotateSecretResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { SECRET_ID, secretFor } from './members';

/** `secretsmanager.CancelRotateSecret`: turns automatic rotation off (a rotation's AWSPENDING version stays). */
export const cancelRotateSecret = defineOperation<CancelRotateSecretRequest, CancelRotateSecretResponse, SecretsCall>({
  name: 'CancelRotateSecret',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true } } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    if (!secret.rotation?.enabled) throw SecretsErrors.invalidRequest('Secret does not have rotation enabled.');
    await call.secrets.update(secret.arn, (current) => ({ next: current && { ...current, rotation: { ...current.rotation, enabled: false } }, result: undefined }));
    const pending = secret.versions.find((version) => version.stages.includes('AWSPENDING'));
    return { ARN: secret.arn, Name: secret.name, ...(pending && { VersionId: pending.id }) };
  },
});
