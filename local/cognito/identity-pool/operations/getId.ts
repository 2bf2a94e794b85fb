import type { JsonOperation } from '../../../edge/json-protocol';
import { loginsOf, requirePool, cognitoOf, type IdentityPoolContext } from '../context';
import { NotAuthorizedException } from '../errors';
import { verifyLogins } from '../logins';

/**
 * GetId: a new identity for a guest (when the pool allows guests), or the identity linked
 * to the logins, created on the user's first sign-in.
 */
export const getId = (context: IdentityPoolContext): JsonOperation => async (input) => {
  const pool = requirePool(context, input);
  const logins = await verifyLogins(pool, loginsOf(input), cognitoOf(context));
  if (logins.length === 0) {
    if (!pool.allowUnauthenticated) throw new NotAuthorizedException('Unauthenticated access is not supported for this identity pool.');
    const identity = await context.identities.change(() => context.identities.create(pool.id, {}));
    return { IdentityId: identity.identityId };
  }
  const identity = await context.identities.change(() => {
    const linked = logins.map((login) => context.identities.findByLogin(pool.id, login.provider.providerName, login.sub)).find(Boolean);
    const subs = Object.fromEntries(logins.map((login) => [login.provider.providerName, login.sub]));
    if (linked) {
      context.identities.link(linked, subs);
      return linked;
    }
    return context.identities.create(pool.id, subs);
  });
  return { IdentityId: identity.identityId };
};
