import type { GetOpenIdTokenInput, GetOpenIdTokenResponse } from '@aws-sdk/client-cognito-identity';
import { defineOperation } from '../../../kit';
import { authenticateIdentity } from '../authenticate-identity';
import type { IdentityPoolCall } from '../context';
import { InvalidParameterException } from '../errors';
import { IDENTITY_ID, LOGINS } from './members';

/**
 * GetOpenIdToken: an OpenID token for the identity (valid 10 minutes), the first step of the
 * basic flow; the app then calls STS AssumeRoleWithWebIdentity with a role of its choice,
 * whose trust policy decides. Who the identity is follows authenticateIdentity (guests,
 * linking and merging), as for GetCredentialsForIdentity. Refused when the pool sets
 * `AllowClassicFlow: false`. A public API: not signed, not authorized through IAM.
 */
export const getOpenIdToken = defineOperation<GetOpenIdTokenInput, GetOpenIdTokenResponse, IdentityPoolCall>({
  name: 'GetOpenIdToken',
  action: false,
  input: {
    type: 'structure',
    members: {
      IdentityId: { ...IDENTITY_ID, required: true },
      Logins: LOGINS,
    },
  },
  handle: async (input, call) => {
    const { identity, pool, amr } = await authenticateIdentity(call, input.IdentityId, input.Logins ?? {});
    if (!pool.classicFlow) throw new InvalidParameterException('Basic (classic) flow is not enabled, please use enhanced flow.');
    return { IdentityId: identity.identityId, Token: await call.openIdTokens.sign(pool, identity.identityId, amr) };
  },
});
