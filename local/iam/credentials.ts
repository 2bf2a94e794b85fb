import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceState } from '../state';
import { SigV4Error, SigV4ErrorCode, type Credentials } from './types';

/** What a temporary credential is bound to; carried, MAC-protected, inside its session token. */
export interface Session {
  accessKeyId: string;
  roleArn: string;
  sessionName: string;
  identityId?: string;
  context?: Readonly<Record<string, string | readonly string[]>>;
  issuedAt: number;
  expiresAt: number;
}

interface TokenPayload {
  v: 1;
  k: string;
  r: string;
  n: string;
  i?: string;
  c?: Record<string, string | readonly string[]>;
  t: number;
  e: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/**
 * The key that signs session tokens: kept in the state store (`iam/keys`, mode 0600) so a
 * restart keeps outstanding credentials valid; per process in memory.
 */
export async function loadSessionKey(state: ServiceState): Promise<Buffer> {
  const keys = await state.collection<string>('keys', { version: 1, mode: 0o600 });
  // Before the state store, the key lay in <state>/iam/session-signing-key, as hex.
  const legacy = await state.legacyText('session-signing-key');
  if (legacy) {
    const key = legacy.value.trim();
    if (Buffer.from(key, 'hex').length === 32) await keys.put('session-signing', key);
    await legacy.remove();
  }
  if (!keys.has('session-signing')) await keys.put('session-signing', randomBytes(32).toString('hex'));
  return Buffer.from(keys.get('session-signing')!, 'hex');
}

/**
 * Issues and resolves temporary credentials. Nothing is stored per credential: the
 * session token carries the binding (role, session, identity, expiry) under an HMAC, and
 * the secret is derived from the access key id with the same key. So outstanding
 * credentials survive a restart of the local cloud, and memory does not grow with use.
 */
export class CredentialStore {
  private readonly resolved = new Map<string, Session>();

  constructor(private key: Buffer, private readonly now: () => number) {}

  rekey(key: Buffer): void {
    this.key = key;
    this.resolved.clear();
  }

  issue(binding: Omit<Session, 'accessKeyId' | 'issuedAt' | 'expiresAt'>, durationSeconds: number): Credentials {
    const bytes = randomBytes(16);
    let accessKeyId = 'ASIA';
    for (const byte of bytes) accessKeyId += BASE32[byte & 31];
    const issuedAt = this.now();
    // Whole seconds, as STS reports expirations.
    const expiresAt = Math.floor(issuedAt / 1000) * 1000 + durationSeconds * 1000;
    const payload: TokenPayload = { v: 1, k: accessKeyId, r: binding.roleArn, n: binding.sessionName, t: issuedAt, e: expiresAt };
    if (binding.identityId) payload.i = binding.identityId;
    if (binding.context && Object.keys(binding.context).length > 0) payload.c = { ...binding.context };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return {
      accessKeyId,
      secretAccessKey: this.secretOf(accessKeyId),
      sessionToken: `${body}.${this.mac(`token\0${body}`).toString('base64url')}`,
      expiration: new Date(expiresAt),
    };
  }

  /** The secret of a temporary access key id (derived, never stored). */
  secretOf(accessKeyId: string): string {
    return this.mac(`secret\0${accessKeyId}`).toString('base64').slice(0, 40);
  }

  /**
   * The session of a temporary access key id and its token. Throws SigV4Error:
   * InvalidToken when the token is missing, forged or belongs to another key;
   * ExpiredToken past its expiry.
   */
  resolve(accessKeyId: string, sessionToken: string | undefined): Session {
    if (!sessionToken) throw new SigV4Error(SigV4ErrorCode.InvalidToken, INVALID_TOKEN, 403);
    let session = this.resolved.get(sessionToken);
    if (!session) {
      session = this.parse(sessionToken);
      if (this.resolved.size >= 4096) this.resolved.clear();
      this.resolved.set(sessionToken, session);
    }
    if (session.accessKeyId !== accessKeyId) throw new SigV4Error(SigV4ErrorCode.InvalidToken, INVALID_TOKEN, 403);
    if (this.now() >= session.expiresAt) {
      throw new SigV4Error(SigV4ErrorCode.ExpiredToken, 'The security token included in the request is expired', 403);
    }
    return session;
  }

  private parse(token: string): Session {
    const dot = token.indexOf('.');
    const body = dot < 0 ? '' : token.slice(0, dot);
    const mac = Buffer.from(dot < 0 ? '' : token.slice(dot + 1), 'base64url');
    const expected = this.mac(`token\0${body}`);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new SigV4Error(SigV4ErrorCode.InvalidToken, INVALID_TOKEN, 403);
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    return {
      accessKeyId: payload.k,
      roleArn: payload.r,
      sessionName: payload.n,
      identityId: payload.i,
      context: payload.c,
      issuedAt: payload.t,
      expiresAt: payload.e,
    };
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }
}
