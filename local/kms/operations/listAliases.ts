import type { ListAliasesRequest, ListAliasesResponse } from '@aws-sdk/client-kms';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { findKey } from '../key-reference';
import { aliasArn } from '../key-store';
import { KEY_ID, LIMIT, MARKER } from './members';
import { page } from './page';

/** `TrentService.ListAliases`: the account's aliases, or one key's (KeyId). */
export const listAliases = defineOperation<ListAliasesRequest, ListAliasesResponse, KmsCall>({
  name: 'ListAliases',
  input: { type: 'structure', members: { KeyId: KEY_ID, Limit: LIMIT, Marker: MARKER } },
  handle(input, call) {
    call.authorize(`arn:aws:kms:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    const only = input.KeyId === undefined ? undefined : findKey(call, input.KeyId).keyId;
    const aliases = call.keys.allAliases().filter((alias) => only === undefined || alias.targetKeyId === only);
    const { items, next } = page(aliases, input.Limit, input.Marker);
    return {
      Aliases: items.map((alias) => ({ AliasName: alias.name, AliasArn: aliasArn(alias.name), TargetKeyId: alias.targetKeyId, CreationDate: new Date(alias.createdAt), LastUpdatedDate: new Date(alias.createdAt) })),
      Truncated: next !== undefined,
      ...(next && { NextMarker: next }),
    };
  },
});
