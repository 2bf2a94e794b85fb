import type { DescribeSecretRequest, DescribeSecretResponse, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { rotationIntervalMs } from '../rotation';
import type { StoredSecret } from '../secret-store';
import { SECRET_ID, secretFor } from './members';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** When the rotation schedule next runs. */
function nextRotation(secret: StoredSecret): Date | undefined {
  const rotation = secret.rotation;
  const interval = rotationIntervalMs(rotation?.rules);
  if (!rotation?.enabled || !interval) return undefined;
  return new Date((rotation.lastRotatedAt ?? secret.createdAt) + interval);
}

/** What DescribeSecret and ListSecrets tell of a secret (never its value). */
export function describe(secret: StoredSecret): SecretListEntry & { VersionIdsToStages: Record<string, string[]> } {
  const stages = Object.fromEntries(secret.versions.filter((version) => version.stages.length > 0).map((version) => [version.id, version.stages]));
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined && { Description: secret.description }),
    ...(secret.kmsKeyId !== undefined && { KmsKeyId: secret.kmsKeyId }),
    RotationEnabled: secret.rotation?.enabled ?? false,
    ...(secret.rotation?.lambdaArn && { RotationLambdaARN: secret.rotation.lambdaArn }),
    ...(secret.rotation?.rules && { RotationRules: secret.rotation.rules }),
    ...(secret.rotation?.lastRotatedAt !== undefined && { LastRotatedDate: date(secret.rotation.lastRotatedAt) }),
    ...(nextRotation(secret) && { NextRotationDate: nextRotation(secret) }),
    LastChangedDate: date(secret.lastChangedAt),
    ...(secret.lastAccessedAt !== undefined && { LastAccessedDate: date(secret.lastAccessedAt) }),
    ...(secret.deletedAt !== undefined && { DeletedDate: date(secret.deletedAt) }),
    ...(secret.tags.length > 0 && { Tags: secret.tags }),
    VersionIdsToStages: stages,
    CreatedDate: date(secret.createdAt),
  };
}

/** `secretsmanager.DescribeSecret`: everything but the value (a secret scheduled for deletion is described too). */
export const describeSecret = defineOperation<DescribeSecretRequest, DescribeSecretResponse, SecretsCall>({
  name: 'DescribeSecret',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true } } },
  handle(input, call) {
    return describe(secretFor(call, input.SecretId, { deleted: true }));
  },
});
