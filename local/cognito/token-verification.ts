import { verify as verifySignature } from 'node:crypto';
import type { UserPool } from './user-pool';

/**
 * Verification of the pool's own JWTs, synchronous and allocation-light: decode, find the
 * pool by `iss` and its key by `kid`, check the RS256 signature with node:crypto (the key is
 * an imported KeyObject kept for the pool's lifetime), then `exp` and `token_use`. Both
 * `verifyToken` (for other services) and the user pools API (GetUser…) use it.
 */

export interface DecodedToken {
  header: { kid?: string; alg?: string };
  claims: Record<string, unknown>;
  pool: UserPool;
}

/** Why a token was refused; each caller words it its own way. */
export type TokenProblem = 'malformed' | 'unknown-issuer' | 'bad-signature' | 'expired' | 'wrong-use';

export class TokenCheckError extends Error {
  constructor(readonly problem: TokenProblem, message: string) {
    super(message);
    this.name = 'TokenCheckError';
  }
}

/** A claim as a message shows it: claims are any JSON (`{"toString": 1}` makes String() throw). */
const shown = (claim: unknown) => (typeof claim === 'string' ? claim : JSON.stringify(claim));

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a token's structure, issuer, signature and expiry. `poolByIssuer` maps an `iss`
 * to the local pool that issues it.
 */
export function checkToken(token: string, poolByIssuer: (iss: string) => UserPool | undefined, nowSeconds: number): DecodedToken {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenCheckError('malformed', 'Token is not a JWT');
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  if (!header || !claims) throw new TokenCheckError('malformed', 'Token is not a JWT');
  const pool = typeof claims.iss === 'string' ? poolByIssuer(claims.iss) : undefined;
  if (!pool) throw new TokenCheckError('unknown-issuer', `Token issuer ${shown(claims.iss)} is not a user pool of this local cloud`);
  if (header.alg !== 'RS256' || header.kid !== pool.key.kid) throw new TokenCheckError('bad-signature', 'Token is not signed with a key of its user pool');
  // Node's base64url decoding skips foreign characters and ignores the last character's spare
  // bits: a signature is accepted only in the one encoding the pool itself writes.
  const signature = Buffer.from(parts[2], 'base64url');
  if (signature.toString('base64url') !== parts[2]) throw new TokenCheckError('bad-signature', 'Token signature is not base64url');
  const valid = verifySignature('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), pool.key.publicKey, signature);
  if (!valid) throw new TokenCheckError('bad-signature', 'Token signature is invalid');
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new TokenCheckError('expired', 'Token has expired');
  if (claims.token_use !== 'id' && claims.token_use !== 'access') throw new TokenCheckError('wrong-use', `Token use ${shown(claims.token_use)} is neither id nor access`);
  return { header: header as DecodedToken['header'], claims, pool };
}
