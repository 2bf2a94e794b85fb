import type { GetSecretValueRequest, GetSecretValueResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import type { SecretVersion, StoredSecret } from '../secret-store';
import { CURRENT, versionWithStage } from '../versions';
import { SECRET_ID, VERSION_ID, VERSION_STAGE, secretFor } from './members';

/** The version a VersionId and/or VersionStage pick (AWSCURRENT when neither), with a value; ResourceNotFoundException otherwise. */
export function pickVersion(secret: StoredSecret, versionId: string | undefined, stage: string | undefined): SecretVersion {
  if (versionId !== undefined) {
    const version = secret.versions.find((candidate) => candidate.id === versionId);
    if (!version?.value) throw SecretsErrors.versionNotFound('VersionId', versionId);
    if (stage !== undefined && !version.stages.includes(stage)) throw SecretsErrors.invalidRequest('You provided a VersionStage that is not associated to the provided VersionId.');
    return version;
  }
  const wanted = stage ?? CURRENT;
  const version = versionWithStage(secret, wanted);
  if (!version?.value) throw SecretsErrors.versionNotFound('staging label', wanted);
  return version;
}

/** A version's value as GetSecretValue answers it. */
export function secretValueOf(call: SecretsCall, secret: StoredSecret, version: SecretVersion): GetSecretValueResponse {
  const value = call.vault.open(version.value!);
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    ...(value.kind === 'string' ? { SecretString: value.text } : { SecretBinary: value.text as unknown as Uint8Array }),
    VersionStages: version.stages,
    CreatedDate: new Date(version.createdAt),
  };
}

/** `secretsmanager.GetSecretValue`: the AWSCURRENT value, or the version asked for by id or label. */
export const getSecretValue = defineOperation<GetSecretValueRequest, GetSecretValueResponse, SecretsCall>({
  name: 'GetSecretValue',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true }, VersionId: VERSION_ID, VersionStage: VERSION_STAGE } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    const version = pickVersion(secret, input.VersionId, input.VersionStage);
    const now = call.now();
    // LastAccessedDate is a date (midnight UTC), kept only when the day changes.
    const today = Math.floor(now / 86_400_000) * 86_400_000;
    if (secret.lastAccessedAt !== today) await call.secrets.update(secret.arn, (current) => ({ next: current && { ...current, lastAccessedAt: today }, result: undefined }));
    return secretValueOf(call, secret, version);
  },
});
