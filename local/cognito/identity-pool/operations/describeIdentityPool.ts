import type { DescribeIdentityPoolInput, IdentityPool as IdentityPoolType } from '@aws-sdk/client-cognito-identity';
import { defineOperation } from '../../../kit';
import { poolNamed, type IdentityPoolCall } from '../context';
import { IDENTITY_ID } from './members';

/** DescribeIdentityPool: guests allowed or not, and the user pool clients whose tokens it accepts. */
export const describeIdentityPool = defineOperation<DescribeIdentityPoolInput, IdentityPoolType, IdentityPoolCall>({
  name: 'DescribeIdentityPool',
  input: { type: 'structure', members: { IdentityPoolId: { ...IDENTITY_ID, required: true } } },
  handle(input, call) {
    const pool = poolNamed(call, input.IdentityPoolId);
    call.authorize(pool.arn);
    return {
      IdentityPoolId: pool.id,
      IdentityPoolName: pool.name,
      AllowUnauthenticatedIdentities: pool.allowUnauthenticated,
      AllowClassicFlow: false,
      CognitoIdentityProviders: pool.providers.map((provider) => ({ ProviderName: provider.providerName, ClientId: provider.clientId, ServerSideTokenCheck: false })),
    };
  },
});
