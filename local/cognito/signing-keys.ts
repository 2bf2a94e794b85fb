import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { writeFileAtomic } from './state-file';

/** One pool's RS256 key pair: the private half signs tokens, the public half is its JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public JWK as `/.well-known/jwks.json` publishes it. */
  publicJwk: JWK & { kid: string; alg: 'RS256'; use: 'sig' };
}

interface KeyFile {
  kid: string;
  privateJwk: JWK;
}

/**
 * Loads a pool's signing key from the state directory, or makes one (and persists it
 * before first use, so tokens stay valid across restarts). In memory when there is no
 * state directory.
 * @example
 * const key = await loadSigningKey(stateDir, 'us-east-1_Abc123');
 */
export async function loadSigningKey(stateDir: string | undefined, userPoolId: string): Promise<SigningKey> {
  const file = stateDir ? path.join(stateDir, 'keys', `${userPoolId}.json`) : undefined;
  if (file && existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as KeyFile;
    return fromJwk(saved.kid, saved.privateJwk);
  }
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  // Cognito's kids are base64 digests; a digest of the public modulus keeps the kid stable per key.
  const kid = createHash('sha256').update(String(privateJwk.n)).digest('base64');
  if (file) await writeFileAtomic(file, JSON.stringify({ kid, privateJwk } satisfies KeyFile), 0o600);
  return fromJwk(kid, privateJwk);
}

function fromJwk(kid: string, privateJwk: JWK): SigningKey {
  const privateKey = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicKey, publicJwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' } };
}
