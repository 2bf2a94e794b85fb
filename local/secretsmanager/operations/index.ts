import { OperationRegistry, type AnyOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { batchGetSecretValue } from './batchGetSecretValue';
import { cancelRotateSecret } from './cancelRotateSecret';
import { createSecret } from './createSecret';
import { deleteResourcePolicy } from './deleteResourcePolicy';
import { deleteSecret } from './deleteSecret';
import { describeSecret } from './describeSecret';
import { getRandomPassword } from './getRandomPassword';
import { getResourcePolicy } from './getResourcePolicy';
import { getSecretValue } from './getSecretValue';
import { listSecrets } from './listSecrets';
import { listSecretVersionIds } from './listSecretVersionIds';
import { putResourcePolicy } from './putResourcePolicy';
import { putSecretValue } from './putSecretValue';
import { restoreSecret } from './restoreSecret';
import { rotateSecret } from './rotateSecret';
import { tagResource } from './tagResource';
import { untagResource } from './untagResource';
import { updateSecret } from './updateSecret';
import { updateSecretVersionStage } from './updateSecretVersionStage';
import { validateResourcePolicy } from './validateResourcePolicy';

/**
 * The Secrets Manager operations the local one answers (`secretsmanager.<Name>`, IAM
 * `secretsmanager:<Name>` on the secret's ARN); any other is UnknownOperationException naming it.
 */
export const SECRETS_MANAGER_OPERATIONS = new OperationRegistry<AnyOperation<SecretsCall>>({
  service: 'Secrets Manager',
  iamPrefix: 'secretsmanager',
  operations: [
    createSecret, getSecretValue, batchGetSecretValue, putSecretValue, updateSecret, updateSecretVersionStage, describeSecret, listSecrets,
    listSecretVersionIds, deleteSecret, restoreSecret, rotateSecret, cancelRotateSecret, getRandomPassword, putResourcePolicy, getResourcePolicy,
    deleteResourcePolicy, validateResourcePolicy, tagResource, untagResource,
  ],
  notImplemented: {
    ReplicateSecretToRegions: 'replication to other regions (the local cloud has one region)',
    RemoveRegionsFromReplication: 'replication to other regions (the local cloud has one region)',
    StopReplicationToReplica: 'replication to other regions (the local cloud has one region)',
  },
});
