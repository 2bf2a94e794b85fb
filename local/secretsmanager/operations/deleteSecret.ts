import type { DeleteSecretRequest, DeleteSecretResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { SECRET_ID, secretFor } from './members';

/**
 * `secretsmanager.DeleteSecret`: schedules the secret's deletion after RecoveryWindowInDays (7–30,
 * default 30; RestoreSecret undoes it until then), or deletes it at once with
 * ForceDeleteWithoutRecovery (even when it was scheduled already).
 */
export const deleteSecret = defineOperation<DeleteSecretRequest, DeleteSecretResponse, SecretsCall>({
  name: 'DeleteSecret',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true }, RecoveryWindowInDays: { type: 'long' }, ForceDeleteWithoutRecovery: { type: 'boolean' } } },
  async handle(input, call) {
    const force = input.ForceDeleteWithoutRecovery === true;
    if (force && input.RecoveryWindowInDays !== undefined) throw SecretsErrors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    const days = input.RecoveryWindowInDays ?? 30;
    if (days < 7 || days > 30) throw SecretsErrors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    const secret = secretFor(call, input.SecretId, { deleted: true });
    if (secret.deletedAt !== undefined && !force) throw SecretsErrors.alreadyMarkedDeleted();
    const now = call.now();
    const deletionDate = force ? now : now + days * 86_400_000;
    await call.secrets.update(secret.arn, (current) => ({ next: force || !current ? undefined : { ...current, deletedAt: now, deletionDate }, result: undefined }));
    call.log.info(`secret ${secret.name} ${force ? 'deleted' : `scheduled for deletion on ${new Date(deletionDate).toISOString()}`}`);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(deletionDate) };
  },
});
