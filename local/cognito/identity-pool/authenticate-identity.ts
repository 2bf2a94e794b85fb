import { cognitoOf, poolNamed, type IdentityPoolCall } from './context';
import { NotAuthorizedException, ResourceNotFoundException } from './errors';
import type { Identity } from './identities';
import { verifyLogins, type VerifiedLogin } from './logins';
import type { IdentityPool } from './pools';

const LOGINS_DO_NOT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool.";

export interface AuthenticatedIdentity {
  identity: Identity;
  pool: IdentityPool;
  /** The login that authenticated it; undefined for a guest. */
  login?: VerifiedLogin;
  /** `cognito-identity.amazonaws.com:amr`: `unauthenticated`, or `authenticated` and the provider. */
  amr: string[];
}

/**
 * Who a request's IdentityId and Logins are (GetCredentialsForIdentity, GetOpenIdToken): a
 * guest, when the identity has no logins and the pool allows guests; else the identity the
 * verified logins belong to. A guest identity presented with logins is linked to them; when
 * the logins already have an identity, the guest one is merged into it and that identity is
 * the answer (its id may differ from the request's, as aws-amplify expects).
 */
export async function authenticateIdentity(context: IdentityPoolCall, requestedId: string, presented: Record<string, string>): Promise<AuthenticatedIdentity> {
  const requested = context.identities.get(requestedId);
  if (!requested) throw new ResourceNotFoundException(`Identity '${requestedId}' not found.`);
  const pool = poolNamed(context, requested.identityPoolId);
  const logins = await verifyLogins(pool, presented, cognitoOf(context));
  if (logins.length === 0) {
    if (Object.keys(requested.logins).length > 0) throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH);
    if (!pool.allowUnauthenticated) throw new NotAuthorizedException('Unauthenticated access is not supported for this identity pool.');
    return { identity: requested, pool, amr: ['unauthenticated'] };
  }
  const identity = await context.identities.change(() => linkOrMerge(context, requested, logins));
  const login = logins[0];
  return { identity, pool, login, amr: ['authenticated', login.provider.providerName, `${login.provider.providerName}:CognitoSignIn:${login.sub}`] };
}

/** The identity the logins belong to, linking or merging the requested one (runs inside a store change). */
function linkOrMerge(context: IdentityPoolCall, requested: Identity, logins: VerifiedLogin[]): Identity {
  const subs = Object.fromEntries(logins.map((login) => [login.provider.providerName, login.sub]));
  const linked = logins.map((login) => context.identities.findByLogin(requested.identityPoolId, login.provider.providerName, login.sub)).find(Boolean);
  const requestedIsGuest = Object.keys(requested.logins).length === 0;
  if (linked) {
    if (linked.identityId === requested.identityId) return linked;
    if (!requestedIsGuest) throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH);
    context.identities.remove(requested);
    return linked;
  }
  if (!requestedIsGuest) {
    // Another user's identity: none of its logins is among the ones presented.
    const sameProvider = Object.keys(requested.logins).some((provider) => provider in subs);
    if (sameProvider) throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH);
  }
  context.identities.link(requested, subs);
  return requested;
}
