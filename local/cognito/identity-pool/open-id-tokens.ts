import { errors, jwtVerify, SignJWT } from 'jose';
import type { VerifiedWebIdentity } from '../../iam/types';
import { WebIdentityTokenError } from '../../iam/types';
import type { ServiceState } from '../../state';
import { SigningKeys, type SigningKey } from '../signing-keys';
import type { IdentityPool } from './pools';

/** The issuer of identity pools' OpenID tokens, and the federated principal their roles trust. */
export const FEDERATED_PROVIDER = 'cognito-identity.amazonaws.com';
const ISSUER = `https://${FEDERATED_PROVIDER}`;
/** "The OpenID token is valid for 10 minutes" (GetOpenIdToken's documentation). */
const LIFETIME_SECONDS = 600;

/**
 * The OpenID tokens of this local cloud's identity pools (GetOpenIdToken), and their
 * verification for STS AssumeRoleWithWebIdentity (the basic flow). One RS256 key for all
 * pools, kept in the state store like the user pools' keys, so that tokens outlive a restart.
 */
export class OpenIdTokens {
  private constructor(private readonly key: SigningKey, private readonly now: () => number) {}

  static async open(state: ServiceState, now: () => number = Date.now): Promise<OpenIdTokens> {
    return new OpenIdTokens(await (await SigningKeys.open(state)).forPool('open-id-tokens'), now);
  }

  /** A token for `identityId` of `pool`; `amr` as the credentials' `cognito-identity.amazonaws.com:amr`. */
  sign(pool: IdentityPool, identityId: string, amr: string[]): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ amr, 'https://cognito-identity.amazonaws.com/identity-pool-arn': pool.arn })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid, typ: 'JWS' })
      .setIssuer(ISSUER)
      .setSubject(identityId)
      .setAudience(pool.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + LIFETIME_SECONDS)
      .sign(this.key.privateKey);
  }

  /** Checks a token's signature, issuer and expiry; what STS and the role's trust policy see of it. */
  async verify(token: string): Promise<VerifiedWebIdentity> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key.publicKey, { issuer: ISSUER, algorithms: ['RS256'], currentDate: new Date(this.now()) }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new WebIdentityTokenError(true, 'Token expired: current date/time must be before the expiration date/time.');
      throw new WebIdentityTokenError(false, 'Incorrect token audience or signature.');
    }
    const subject = String(payload.sub);
    const audience = String(payload.aud);
    const amr = Array.isArray(payload.amr) ? payload.amr.map(String) : [];
    return {
      provider: FEDERATED_PROVIDER,
      subject,
      audience,
      identityId: subject,
      context: {
        'cognito-identity.amazonaws.com:aud': audience,
        'cognito-identity.amazonaws.com:sub': subject,
        'cognito-identity.amazonaws.com:amr': amr,
      },
    };
  }
}
