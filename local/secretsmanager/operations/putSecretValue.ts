import { randomUUID } from 'node:crypto';
import type { PutSecretValueRequest, PutSecretValueResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import type { SealedValue, Vault } from '../vault';
import { assertNotDeleted, CURRENT, withNewVersion } from '../versions';
import { CLIENT_REQUEST_TOKEN, SECRET_BINARY, SECRET_ID, SECRET_STRING, secretFor, valueOf, VERSION_STAGE } from './members';

/** Whether two sealed values hold the same secret (a repeated request with the same token). */
export const sameValue = (vault: Vault) => (a: SealedValue | undefined, b: SealedValue | undefined): boolean => {
  if (!a || !b) return a === b;
  const [x, y] = [vault.open(a), vault.open(b)];
  return x.kind === y.kind && x.text === y.text;
};

/**
 * `secretsmanager.PutSecretValue`: a new version (ClientRequestToken, or a new UUID) labelled
 * VersionStages, AWSCURRENT by default; moving AWSCURRENT labels the former current version
 * AWSPREVIOUS. What rotation functions call in their createSecret step (with AWSPENDING).
 */
export const putSecretValue = defineOperation<PutSecretValueRequest, PutSecretValueResponse, SecretsCall>({
  name: 'PutSecretValue',
  input: {
    type: 'structure',
    members: {
      SecretId: { ...SECRET_ID, required: true },
      ClientRequestToken: CLIENT_REQUEST_TOKEN,
      SecretBinary: SECRET_BINARY,
      SecretString: SECRET_STRING,
      VersionStages: { type: 'list', min: 1, max: 20, member: VERSION_STAGE },
      RotationToken: { type: 'string', min: 36, max: 4096, sensitive: true },
    },
  },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    const value = valueOf(input);
    if (!value) throw SecretsErrors.invalidRequest('You must provide either SecretString or SecretBinary.');
    const id = input.ClientRequestToken ?? randomUUID();
    const stages = input.VersionStages ?? [CURRENT];
    const sealed = call.vault.seal(value);
    const next = await call.secrets.update(secret.arn, (current) => {
      if (!current) throw SecretsErrors.notFound();
      assertNotDeleted(current);
      const updated = withNewVersion(current, id, sealed, stages, call.now(), sameValue(call.vault));
      return { next: updated, result: updated };
    });
    return { ARN: next.arn, Name: next.name, VersionId: id, VersionStages: next.versions.find((version) => version.id === id)!.stages };
  },
});
