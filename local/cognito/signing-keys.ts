import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Collection, ServiceState } from '../state';

/** One pool's RS256 key pair: the private half signs tokens, the public half is its JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public JWK as `/.well-known/jwks.json` publishes it. */
  publicJwk: JWK & { kid: string; alg: 'RS256'; use: 'sig' };
  /**
   * A secret of the pool derived from the private key (so stable across restarts), for values
   * that must be the same for a name every time without saying anything about it.
   */
  secret: Buffer;
}

interface SavedKey {
  kid: string;
  privateJwk: JWK;
}

/**
 * The pools' signing keys, in the state store's `signing-keys` collection (mode 0600): a pool's
 * key is made on first start and kept, so tokens stay valid across restarts.
 */
export class SigningKeys {
  private constructor(private readonly state: ServiceState, private readonly keys: Collection<SavedKey>) {}

  static async open(state: ServiceState): Promise<SigningKeys> {
    return new SigningKeys(state, await state.collection<SavedKey>('signing-keys', { version: 1, mode: 0o600 }));
  }

  /**
   * The pool's key: kept, imported from the layout before the store (`keys/<poolId>.json`), or
   * made now and kept before first use.
   * @example
   * const key = await keys.forPool('us-east-1_Abc123');
   */
  async forPool(userPoolId: string): Promise<SigningKey> {
    const legacy = await this.state.legacyJson<SavedKey>(`keys/${userPoolId}.json`);
    if (legacy) {
      await this.keys.put(userPoolId, legacy.value);
      await legacy.remove();
    }
    const saved = this.keys.get(userPoolId);
    if (saved) return fromJwk(saved.kid, saved.privateJwk);
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const privateJwk = await exportJWK(privateKey);
    // Cognito's kids are base64 digests; a digest of the public modulus keeps the kid stable per key.
    const kid = createHash('sha256').update(String(privateJwk.n)).digest('base64');
    await this.keys.put(userPoolId, { kid, privateJwk });
    return fromJwk(kid, privateJwk);
  }
}

function fromJwk(kid: string, privateJwk: JWK): SigningKey {
  const privateKey = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  const secret = createHash('sha256').update('flare-local pool secret\0').update(String(privateJwk.d)).digest();
  return { kid, privateKey, publicKey, publicJwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' }, secret };
}
