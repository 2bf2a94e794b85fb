import type { DeleteAliasRequest } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { KmsErrors } from '../errors';
import { keyFor } from '../key-reference';
import { aliasArn } from '../key-store';
import { ALIAS_NAME } from './createAlias';

/** `TrentService.DeleteAlias`: the alias goes; its key stays. */
export const deleteAlias = defineOperation<DeleteAliasRequest, Record<string, never>, KmsCall>({
  name: 'DeleteAlias',
  input: { type: 'structure', members: { AliasName: { ...ALIAS_NAME, required: true } } },
  async handle(input, call) {
    const alias = call.keys.alias(input.AliasName);
    if (!alias) throw KmsErrors.aliasNotFound(aliasArn(input.AliasName));
    call.authorize(aliasArn(input.AliasName));
    keyFor(call, alias.targetKeyId);
    await call.keys.deleteAlias(alias.name);
    return {};
  },
});
