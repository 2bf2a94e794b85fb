/**
 * An HTTP API's JWT authorizer, as the developer guide describes the check ("Authorizing API
 * requests" with JWT authorizers): the token from the identity source (bare or after `Bearer `),
 * its signature against the issuer's keys, `iss`, `aud` or `client_id` against the audience,
 * `exp`, `nbf`, `iat`, and at least one of the route's scopes. Tokens of the local cloud's user
 * pools are checked by the local Cognito: an authorizer whose issuer is
 * `https://cognito-idp.<region>.amazonaws.com/<poolId>` accepts what that local pool issues.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { CognitoService } from '../../cognito/types';
import { TokenVerificationError } from '../../cognito/types';
import type { ServiceRegistry } from '../../service';
import { HttpApiError } from '../errors';
import type { HttpAuthorizer } from './model';

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/([a-z0-9-]+_[A-Za-z0-9]+)$/;

/** A claim as the event shows it: every value a string, lists as `[a b]` (API Gateway flattens claims). */
function flattened(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flattened).join(' ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface JwtAuthorization {
  claims: Record<string, string>;
  scopes: string[] | null;
}

/**
 * Verifies bearer tokens for one local API Gateway.
 * @example
 * const jwt = new JwtVerifier(services);
 * const { claims } = await jwt.authorize(token, authorizer, []);
 */
export class JwtVerifier {
  private readonly keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

  constructor(private readonly services: ServiceRegistry) {}

  /**
   * The token's claims and scopes. Throws HttpApiError 401 for a token that does not verify,
   * 403 when it lacks every scope the route asks for.
   */
  async authorize(identity: string, authorizer: HttpAuthorizer, routeScopes: readonly string[]): Promise<JwtAuthorization> {
    const token = identity.replace(/^Bearer\s+/i, '').trim();
    const payload = await this.verify(token, authorizer);
    const tokenScopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : Array.isArray(payload.scp) ? payload.scp.map(String) : [];
    if (routeScopes.length > 0 && !routeScopes.some((scope) => tokenScopes.includes(scope))) {
      throw new HttpApiError(403, `the token has none of the route's scopes (${routeScopes.join(', ')})`);
    }
    const claims = Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, flattened(value)]));
    return { claims, scopes: routeScopes.length > 0 ? tokenScopes : null };
  }

  private async verify(token: string, authorizer: HttpAuthorizer): Promise<Record<string, unknown>> {
    const { issuer, audience } = authorizer.jwt!;
    let payload: Record<string, unknown>;
    const poolId = COGNITO_ISSUER.exec(issuer)?.[1];
    try {
      if (poolId) {
        const cognito = this.services.find<CognitoService>('cognito');
        if (!cognito) throw new HttpApiError(401, `the authorizer's issuer is user pool ${poolId}, and the local Cognito is not running`);
        payload = await cognito.verifyToken(token, { userPoolId: poolId });
      } else {
        ({ payload } = await jwtVerify(token, await this.keySet(issuer), { issuer }));
      }
    } catch (error) {
      if (error instanceof HttpApiError) throw error;
      // Cognito's TokenVerificationError, jose's JOSEError, a discovery that failed: the token is not accepted.
      if (error instanceof TokenVerificationError || error instanceof Error) throw new HttpApiError(401, `the token does not verify: ${error.message}`);
      throw error;
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = payload as JWTPayload & { client_id?: unknown };
    if (typeof claims.exp === 'number' && claims.exp <= now) throw new HttpApiError(401, 'the token has expired');
    if (typeof claims.nbf === 'number' && claims.nbf > now) throw new HttpApiError(401, 'the token is not valid yet (nbf)');
    if (typeof claims.iat === 'number' && claims.iat > now + 300) throw new HttpApiError(401, 'the token was issued in the future (iat)');
    const audiences = [...(Array.isArray(claims.aud) ? claims.aud : claims.aud !== undefined ? [claims.aud] : []), ...(claims.client_id !== undefined ? [String(claims.client_id)] : [])];
    if (!audiences.some((value) => audience.includes(value))) throw new HttpApiError(401, `neither aud nor client_id (${audiences.join(', ') || 'none'}) is an audience of the authorizer`);
    return payload;
  }

  /** The issuer's keys, found through its OpenID discovery document (asked again after a failure). */
  private keySet(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
    let keys = this.keySets.get(issuer);
    if (!keys) {
      const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      keys = fetch(discovery).then(async (response) => {
        const document = (await response.json()) as { jwks_uri?: string };
        if (!response.ok || !document.jwks_uri) throw new Error(`${discovery} names no jwks_uri`);
        return createRemoteJWKSet(new URL(document.jwks_uri));
      });
      keys.catch(() => this.keySets.delete(issuer));
      this.keySets.set(issuer, keys);
    }
    return keys;
  }
}
