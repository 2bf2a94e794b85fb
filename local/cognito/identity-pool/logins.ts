import type { CognitoService, JwtClaims } from '../types';
import { TokenVerificationError } from '../types';
import { InternalErrorException, NotAuthorizedException } from './errors';
import type { CognitoProvider, IdentityPool } from './pools';

/** A login token the user pool verified. */
export interface VerifiedLogin {
  provider: CognitoProvider;
  /** The user's `sub` in the user pool. */
  sub: string;
  claims: JwtClaims;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Verifies the `Logins` map of a GetId / GetCredentialsForIdentity call: each key must
 * name a user pool the identity pool trusts — as `cognito-idp.<region>.amazonaws.com/<pool>`
 * or as the local issuer without its scheme (what aws-amplify derives from the token's
 * `iss`) — and each value must be an id token of that pool, for one of its configured
 * app clients, that the user pool service verifies.
 */
export async function verifyLogins(pool: IdentityPool, logins: Record<string, unknown>, cognito: CognitoService | undefined): Promise<VerifiedLogin[]> {
  const verified: VerifiedLogin[] = [];
  for (const [key, token] of Object.entries(logins)) {
    if (pool.otherProviders.includes(key)) {
      throw new NotAuthorizedException(`Logins through ${key} cannot be verified by the local cloud: only user-pool logins and guests are supported locally.`);
    }
    const candidates = pool.providers.filter((provider) => key === provider.providerName || (cognito && key === issuerKey(cognito, provider.userPoolId)));
    if (candidates.length === 0) throw new NotAuthorizedException('Token is not from a supported provider of this identity pool.');
    if (typeof token !== 'string' || token === '') throw new NotAuthorizedException('Invalid login token. Not a valid OpenId Connect identity token.');
    if (!cognito) {
      throw new InternalErrorException(`The local Cognito user pool service is not running in this local cloud, so the login token for ${key} cannot be verified.`);
    }
    const clientIdRegex = `^(${candidates.map((provider) => escapeRegex(provider.clientId)).join('|')})$`;
    let claims: JwtClaims;
    try {
      claims = await cognito.verifyToken(token, { userPoolId: candidates[0].userPoolId, clientIdRegex });
    } catch (error) {
      if (error instanceof TokenVerificationError) throw new NotAuthorizedException(`Invalid login token. ${error.message}`);
      throw error;
    }
    if (claims.token_use !== 'id') throw new NotAuthorizedException('Invalid login token. Not a valid OpenId Connect identity token.');
    const provider = candidates.find((candidate) => candidate.clientId === claims.aud) ?? candidates[0];
    verified.push({ provider, sub: claims.sub, claims });
  }
  return verified;
}

/** The Logins key aws-amplify sends for a pool: its issuer URL without the scheme. */
function issuerKey(cognito: CognitoService, userPoolId: string): string {
  return cognito.issuer(userPoolId).replace(/^\w+:\/\//, '');
}
