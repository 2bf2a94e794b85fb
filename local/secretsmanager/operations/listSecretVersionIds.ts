import type { ListSecretVersionIdsRequest, ListSecretVersionIdsResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { page, SECRET_ID, secretFor } from './members';

/** `secretsmanager.ListSecretVersionIds`: versions with labels (all of them with IncludeDeprecated), newest first. */
export const listSecretVersionIds = defineOperation<ListSecretVersionIdsRequest, ListSecretVersionIdsResponse, SecretsCall>({
  name: 'ListSecretVersionIds',
  input: {
    type: 'structure',
    members: { SecretId: { ...SECRET_ID, required: true }, MaxResults: { type: 'integer', min: 1, max: 100 }, NextToken: { type: 'string', min: 1, max: 4096 }, IncludeDeprecated: { type: 'boolean' } },
  },
  handle(input, call) {
    const secret = secretFor(call, input.SecretId, { deleted: true });
    const versions = secret.versions.filter((version) => input.IncludeDeprecated || version.stages.length > 0).reverse();
    const { items, nextToken } = page(versions, input.MaxResults ?? 100, input.NextToken);
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: items.map((version) => ({ VersionId: version.id, VersionStages: version.stages, CreatedDate: new Date(version.createdAt), ...(secret.lastAccessedAt !== undefined && { LastAccessedDate: new Date(secret.lastAccessedAt) }) })),
      ...(nextToken && { NextToken: nextToken }),
    };
  },
});
