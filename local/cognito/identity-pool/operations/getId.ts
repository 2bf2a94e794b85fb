import type { GetIdInput, GetIdResponse } from '@aws-sdk/client-cognito-identity';
import { defineOperation } from '../../../kit';
import { cognitoOf, poolNamed, type IdentityPoolCall } from '../context';
import { NotAuthorizedException } from '../errors';
import { verifyLogins } from '../logins';
import { IDENTITY_ID, LOGINS } from './members';

/**
 * GetId: a new identity for a guest (when the pool allows guests), or the identity linked
 * to the logins, created on the user's first sign-in. Called before the app has AWS
 * credentials: not signed, not authorized through IAM.
 */
export const getId = defineOperation<GetIdInput, GetIdResponse, IdentityPoolCall>({
  name: 'GetId',
  action: false,
  input: {
    type: 'structure',
    members: {
      AccountId: { type: 'string', min: 1, max: 15, pattern: '\\d+' },
      IdentityPoolId: { ...IDENTITY_ID, required: true },
      Logins: LOGINS,
    },
  },
  async handle(input, call) {
    const pool = poolNamed(call, input.IdentityPoolId);
    const logins = await verifyLogins(pool, input.Logins ?? {}, cognitoOf(call));
    if (logins.length === 0) {
      if (!pool.allowUnauthenticated) throw new NotAuthorizedException('Unauthenticated access is not supported for this identity pool.');
      const identity = await call.identities.change(() => call.identities.create(pool.id, {}));
      return { IdentityId: identity.identityId };
    }
    const identity = await call.identities.change(() => {
      const linked = logins.map((login) => call.identities.findByLogin(pool.id, login.provider.providerName, login.sub)).find(Boolean);
      const subs = Object.fromEntries(logins.map((login) => [login.provider.providerName, login.sub]));
      if (linked) {
        call.identities.link(linked, subs);
        return linked;
      }
      return call.identities.create(pool.id, subs);
    });
    return { IdentityId: identity.identityId };
  },
});
