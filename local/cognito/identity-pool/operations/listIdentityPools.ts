import type { ListIdentityPoolsInput, ListIdentityPoolsResponse } from '@aws-sdk/client-cognito-identity';
import { LOCAL_ACCOUNT } from '../../../assembly';
import { defineOperation } from '../../../kit';
import type { IdentityPoolCall } from '../context';
import { NEXT_TOKEN, QUERY_LIMIT } from './members';
import { pageOf } from './paging';

/** ListIdentityPools: the account's identity pools (id and name), `MaxResults` per page. */
export const listIdentityPools = defineOperation<ListIdentityPoolsInput, ListIdentityPoolsResponse, IdentityPoolCall>({
  name: 'ListIdentityPools',
  input: { type: 'structure', members: { MaxResults: { ...QUERY_LIMIT, required: true }, NextToken: NEXT_TOKEN } },
  handle(input, call) {
    call.authorize(`arn:aws:cognito-identity:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:identitypool/*`);
    const pools = [...call.pools.values()].sort((a, b) => a.id.localeCompare(b.id));
    const { page, next } = pageOf(pools, input.MaxResults, input.NextToken);
    return { IdentityPools: page.map((pool) => ({ IdentityPoolId: pool.id, IdentityPoolName: pool.name })), ...(next && { NextToken: next }) };
  },
});
