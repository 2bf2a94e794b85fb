import type { TagResourceRequest } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { SECRET_ID, secretFor, TAGS } from './members';

/** `secretsmanager.TagResource`: adds or replaces tags (50 per secret). */
export const tagResource = defineOperation<TagResourceRequest, Record<string, never>, SecretsCall>({
  name: 'TagResource',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true }, Tags: { ...TAGS, required: true } } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    const tags = [...secret.tags.filter((tag) => !input.Tags.some((added) => added.Key === tag.Key)), ...input.Tags];
    if (tags.length > 50) throw SecretsErrors.invalidRequest('The request failed because it would exceed the maximum number of tags (50).');
    await call.secrets.update(secret.arn, (current) => ({ next: current && { ...current, tags }, result: undefined }));
    return {};
  },
});
