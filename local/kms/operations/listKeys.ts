import type { ListKeysRequest, ListKeysResponse } from '@aws-sdk/client-kms';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { LIMIT, MARKER } from './members';
import { page } from './page';

/** `TrentService.ListKeys`: every key of the account (pending deletion included), as KMS lists them. */
export const listKeys = defineOperation<ListKeysRequest, ListKeysResponse, KmsCall>({
  name: 'ListKeys',
  input: { type: 'structure', members: { Limit: LIMIT, Marker: MARKER } },
  handle(input, call) {
    call.authorize(`arn:aws:kms:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    const { items, next } = page(call.keys.allKeys(), input.Limit, input.Marker);
    return { Keys: items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })), Truncated: next !== undefined, ...(next && { NextMarker: next }) };
  },
});
