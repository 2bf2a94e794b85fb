import type { UpdateSecretVersionStageRequest, UpdateSecretVersionStageResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { assertNotDeleted, withStage } from '../versions';
import { SECRET_ID, secretFor, VERSION_ID, VERSION_STAGE } from './members';

/**
 * `secretsmanager.UpdateSecretVersionStage`: moves a staging label to MoveToVersionId, or removes
 * it from RemoveFromVersionId. A label attached elsewhere must be named in RemoveFromVersionId;
 * moving AWSCURRENT labels the version that had it AWSPREVIOUS (rotation's finishSecret step).
 */
export const updateSecretVersionStage = defineOperation<UpdateSecretVersionStageRequest, UpdateSecretVersionStageResponse, SecretsCall>({
  name: 'UpdateSecretVersionStage',
  input: {
    type: 'structure',
    members: { SecretId: { ...SECRET_ID, required: true }, VersionStage: { ...VERSION_STAGE, required: true }, RemoveFromVersionId: VERSION_ID, MoveToVersionId: VERSION_ID },
  },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    const stage = input.VersionStage;
    await call.secrets.update(secret.arn, (current) => {
      if (!current) throw SecretsErrors.notFound();
      assertNotDeleted(current);
      const holder = current.versions.find((version) => version.stages.includes(stage));
      if (input.RemoveFromVersionId !== undefined && holder?.id !== input.RemoveFromVersionId) {
        throw SecretsErrors.invalidParameter(`The staging label ${stage} is not attached to version ${input.RemoveFromVersionId}.`);
      }
      if (input.MoveToVersionId === undefined) {
        if (input.RemoveFromVersionId === undefined) throw SecretsErrors.invalidParameter('You must specify MoveToVersionId or RemoveFromVersionId.');
        const versions = current.versions.map((version) => (version.id === input.RemoveFromVersionId ? { ...version, stages: version.stages.filter((s) => s !== stage) } : version));
        return { next: { ...current, versions, lastChangedAt: call.now() }, result: undefined };
      }
      if (!current.versions.some((version) => version.id === input.MoveToVersionId)) throw SecretsErrors.versionNotFound('VersionId', input.MoveToVersionId);
      if (holder && holder.id !== input.MoveToVersionId && input.RemoveFromVersionId === undefined) {
        throw SecretsErrors.invalidParameter(
          `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
        );
      }
      return { next: { ...current, versions: withStage(current.versions, stage, input.MoveToVersionId), lastChangedAt: call.now() }, result: undefined };
    });
    return { ARN: secret.arn, Name: secret.name };
  },
});
