import { randomUUID } from 'node:crypto';
import type { CreateSecretRequest, CreateSecretResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { newSecretArn, type StoredSecret } from '../secret-store';
import { CURRENT } from '../versions';
import { CLIENT_REQUEST_TOKEN, DESCRIPTION, KMS_KEY_ID, SECRET_BINARY, SECRET_STRING, TAGS, valueOf } from './members';

const NAME = /^[A-Za-z0-9/_+=.@-]+$/;

/** Secrets Manager's name rule (the model only bounds the length). */
export function checkSecretName(name: string): void {
  if (!NAME.test(name)) throw SecretsErrors.invalidParameter('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
}

/**
 * `secretsmanager.CreateSecret`: a secret with an ARN of its name and six random characters,
 * and, with a value, its first version labelled AWSCURRENT (ClientRequestToken, or a new UUID,
 * is the version id). A name in use, or scheduled for deletion, is refused.
 */
export const createSecret = defineOperation<CreateSecretRequest, CreateSecretResponse, SecretsCall>({
  name: 'CreateSecret',
  input: {
    type: 'structure',
    members: {
      Name: { type: 'string', required: true, min: 1, max: 512 },
      ClientRequestToken: CLIENT_REQUEST_TOKEN,
      Description: DESCRIPTION,
      KmsKeyId: KMS_KEY_ID,
      SecretBinary: SECRET_BINARY,
      SecretString: SECRET_STRING,
      Tags: TAGS,
      AddReplicaRegions: { type: 'list', min: 1, member: { type: 'structure', members: { Region: { type: 'string', min: 1, max: 128 }, KmsKeyId: KMS_KEY_ID } } },
      ForceOverwriteReplicaSecret: { type: 'boolean' },
      Type: { type: 'string', min: 0, max: 256 },
    },
  },
  async handle(input, call) {
    checkSecretName(input.Name);
    if (input.AddReplicaRegions) throw SecretsErrors.invalidRequest('Replication to other regions is not supported by the local Secrets Manager (it has one region).');
    const value = valueOf(input);
    const arn = newSecretArn(input.Name);
    call.authorize(arn);
    const existing = call.secrets.find(input.Name);
    if (existing) throw existing.deletedAt !== undefined ? SecretsErrors.nameScheduledForDeletion() : SecretsErrors.exists(input.Name);
    const now = call.now();
    const versionId = value ? input.ClientRequestToken ?? randomUUID() : undefined;
    const secret: StoredSecret = {
      name: input.Name,
      arn,
      ...(input.Description !== undefined && { description: input.Description }),
      ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }),
      tags: input.Tags ?? [],
      createdAt: now,
      lastChangedAt: now,
      versions: value && versionId ? [{ id: versionId, stages: [CURRENT], createdAt: now, value: call.vault.seal(value) }] : [],
    };
    await call.secrets.update(arn, () => ({ next: secret, result: undefined }));
    call.log.info(`secret ${input.Name} created${value ? ' (value not shown)' : ''}`);
    return { ARN: arn, Name: input.Name, ...(versionId && { VersionId: versionId }) };
  },
});
