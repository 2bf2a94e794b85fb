/**
 * Integration tokens: what a monitoring tool presents to `POST /alerts/{integrationId}`.
 * Each integration's token is one Secrets Manager secret, named from the integration's id,
 * whose value is `{"token", "issuedAt"}`. Rotating puts a new value (AWSCURRENT); the one
 * before it becomes AWSPREVIOUS and is still accepted for ROTATION_GRACE_MS after the new
 * one was issued, so a tool can be reconfigured without dropping alerts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long the token before a rotation keeps working: 15 minutes. */
export const ROTATION_GRACE_MS = 15 * 60 * 1000;

/** Secrets are named `flare/integrations/<integrationId>`; policies grant `flare/integrations/*`. */
export const SECRET_NAME_PREFIX = 'flare/integrations/';

export function integrationSecretName(integrationId: string): string {
  return `${SECRET_NAME_PREFIX}${integrationId}`;
}

export interface TokenSecret {
  token: string;
  issuedAt: string;
}

/** A new token: 32 random bytes, base64url (43 characters). */
export function newTokenSecret(now: Date): TokenSecret {
  return { token: randomBytes(32).toString('base64url'), issuedAt: now.toISOString() };
}

export function parseTokenSecret(secretString: string | undefined): TokenSecret | undefined {
  if (!secretString) return undefined;
  try {
    const value = JSON.parse(secretString) as Partial<TokenSecret>;
    if (typeof value.token === 'string' && typeof value.issuedAt === 'string') return { token: value.token, issuedAt: value.issuedAt };
  } catch {
    // Not a token secret (edited by hand?): it grants nothing.
  }
  return undefined;
}

/**
 * The token a request presents: `Authorization: Bearer <token>`, or Basic auth whose password is
 * the token (SNS HTTPS subscriptions can only send credentials as `https://user:token@host/...`).
 */
export function presentedToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** Compares in constant time (over SHA-256 digests, so lengths leak nothing either). */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether `presented` is the current token, or the previous one within its grace period.
 * @example acceptsToken('t', { current: { token: 't', issuedAt }, now }) === true
 */
export function acceptsToken(presented: string, secrets: { current?: TokenSecret; previous?: TokenSecret; now: Date }): boolean {
  const { current, previous, now } = secrets;
  if (!current) return false;
  // Both comparisons always run: how long a refusal takes says nothing about which one failed.
  const currentMatches = tokensMatch(presented, current.token);
  const previousMatches = previous !== undefined && tokensMatch(presented, previous.token);
  const graceEnds = Date.parse(current.issuedAt) + ROTATION_GRACE_MS;
  return currentMatches || (previousMatches && now.getTime() < graceEnds);
}
