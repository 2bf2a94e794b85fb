import type { CreateAliasRequest } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { KmsErrors } from '../errors';
import { keyFor } from '../key-reference';
import { aliasArn } from '../key-store';
import { KEY_ID } from './members';

export const ALIAS_NAME = { type: 'string', min: 1, max: 256, pattern: '^[a-zA-Z0-9:/_-]+$' } as const;

/** `TrentService.CreateAlias`: `alias/<name>` for a key (names under `alias/aws/` are AWS's). */
export const createAlias = defineOperation<CreateAliasRequest, Record<string, never>, KmsCall>({
  name: 'CreateAlias',
  input: { type: 'structure', members: { AliasName: { ...ALIAS_NAME, required: true }, TargetKeyId: { ...KEY_ID, required: true } } },
  async handle(input, call) {
    if (!input.AliasName.startsWith('alias/') || input.AliasName === 'alias/') throw KmsErrors.validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    if (input.AliasName.startsWith('alias/aws/')) throw KmsErrors.notAuthorizedAlias();
    const key = keyFor(call, input.TargetKeyId);
    call.authorize(aliasArn(input.AliasName));
    if (call.keys.alias(input.AliasName)) throw KmsErrors.alreadyExists(aliasArn(input.AliasName));
    await call.keys.putAlias({ name: input.AliasName, targetKeyId: key.keyId, createdAt: call.now() });
    return {};
  },
});
