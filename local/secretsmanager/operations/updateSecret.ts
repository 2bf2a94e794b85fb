import { randomUUID } from 'node:crypto';
import type { UpdateSecretRequest, UpdateSecretResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { assertNotDeleted, CURRENT, withNewVersion } from '../versions';
import { CLIENT_REQUEST_TOKEN, DESCRIPTION, KMS_KEY_ID, SECRET_BINARY, SECRET_ID, SECRET_STRING, secretFor, valueOf } from './members';
import { sameValue } from './putSecretValue';

/** `secretsmanager.UpdateSecret`: description and key, and with a value a new AWSCURRENT version. */
export const updateSecret = defineOperation<UpdateSecretRequest, UpdateSecretResponse, SecretsCall>({
  name: 'UpdateSecret',
  input: {
    type: 'structure',
    members: {
      SecretId: { ...SECRET_ID, required: true },
      ClientRequestToken: CLIENT_REQUEST_TOKEN,
      Description: DESCRIPTION,
      KmsKeyId: KMS_KEY_ID,
      SecretBinary: SECRET_BINARY,
      SecretString: SECRET_STRING,
      Type: { type: 'string', min: 0, max: 256 },
    },
  },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    const value = valueOf(input);
    const id = value ? input.ClientRequestToken ?? randomUUID() : undefined;
    const sealed = value && call.vault.seal(value);
    await call.secrets.update(secret.arn, (current) => {
      if (!current) throw SecretsErrors.notFound();
      assertNotDeleted(current);
      let next = { ...current, ...(input.Description !== undefined && { description: input.Description }), ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }), lastChangedAt: call.now() };
      if (sealed && id) next = withNewVersion(next, id, sealed, [CURRENT], call.now(), sameValue(call.vault));
      return { next, result: undefined };
    });
    return { ARN: secret.arn, Name: secret.name, ...(id && { VersionId: id }) };
  },
});
