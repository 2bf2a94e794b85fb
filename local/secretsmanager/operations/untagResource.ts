import type { UntagResourceRequest } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SECRET_ID, secretFor } from './members';

/** `secretsmanager.UntagResource`. */
export const untagResource = defineOperation<UntagResourceRequest, Record<string, never>, SecretsCall>({
  name: 'UntagResource',
  input: { type: 'structure', members: { SecretId: { ...SECRET_ID, required: true }, TagKeys: { type: 'list', required: true, member: { type: 'string', min: 1, max: 128 } } } },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    await call.secrets.update(secret.arn, (current) => ({ next: current && { ...current, tags: current.tags.filter((tag) => !input.TagKeys.includes(tag.Key!)) }, result: undefined }));
    return {};
  },
});
