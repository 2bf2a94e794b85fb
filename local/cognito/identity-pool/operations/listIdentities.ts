import type { ListIdentitiesInput, ListIdentitiesResponse } from '@aws-sdk/client-cognito-identity';
import { defineOperation } from '../../../kit';
import { poolNamed, type IdentityPoolCall } from '../context';
import { IDENTITY_ID, NEXT_TOKEN, QUERY_LIMIT } from './members';
import { pageOf } from './paging';

/** ListIdentities: a pool's identities with their linked logins (provider names), oldest first. */
export const listIdentities = defineOperation<ListIdentitiesInput, ListIdentitiesResponse, IdentityPoolCall>({
  name: 'ListIdentities',
  input: {
    type: 'structure',
    members: { IdentityPoolId: { ...IDENTITY_ID, required: true }, MaxResults: { ...QUERY_LIMIT, required: true }, NextToken: NEXT_TOKEN, HideDisabled: { type: 'boolean' } },
  },
  handle(input, call) {
    const pool = poolNamed(call, input.IdentityPoolId);
    call.authorize(pool.arn);
    // Local identities are never disabled: HideDisabled hides nothing.
    const { page, next } = pageOf(call.identities.ofPool(pool.id), input.MaxResults, input.NextToken);
    return {
      IdentityPoolId: pool.id,
      Identities: page.map((identity) => ({
        IdentityId: identity.identityId,
        Logins: Object.keys(identity.logins),
        CreationDate: new Date(identity.creationDate),
        LastModifiedDate: new Date(identity.lastModifiedDate),
      })),
      ...(next && { NextToken: next }),
    };
  },
});
