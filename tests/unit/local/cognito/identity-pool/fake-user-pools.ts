/**
 * A stand-in for the user pool service, implementing its contract (local/cognito/types.ts)
 * with a test key: lets the identity pool's role resolution be tested on its own. The
 * integration tests use the real user pool service.
 */
import { generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import type { LocalService, ServiceContext } from '../../../../../local/service';
import { TokenVerificationError, type CognitoService, type JwtClaims } from '../../../../../local/cognito/types';

export class FakeUserPools implements CognitoService {
  readonly name = 'cognito' as const;
  readonly resourceTypes = [] as const;
  private endpoint = 'http://127.0.0.1:0';
  private keys?: { publicKey: CryptoKey; privateKey: CryptoKey };

  async start(context: ServiceContext): Promise<void> {
    this.endpoint = context.endpoint;
    this.keys = await generateKeyPair('RS256');
  }

  async stop(): Promise<void> {}

  issuer(userPoolId: string): string {
    return `${this.endpoint}/${userPoolId}`;
  }

  async verifyToken(token: string, expect: { userPoolId: string; clientIdRegex?: string }): Promise<JwtClaims> {
    try {
      const { payload } = await jwtVerify(token, this.keys!.publicKey, { issuer: this.issuer(expect.userPoolId) });
      const audience = payload.token_use === 'id' ? payload.aud : payload.client_id;
      if (expect.clientIdRegex && !new RegExp(expect.clientIdRegex).test(String(audience))) throw new Error('Token was not issued for this client');
      return payload as JwtClaims;
    } catch (error) {
      throw new TokenVerificationError((error as Error).message);
    }
  }

  /** A token of `userPoolId` for `clientId` (an id token unless told otherwise), with the claims given. */
  async idToken(userPoolId: string, clientId: string, claims: Record<string, unknown>, options: { expiresIn?: string; tokenUse?: 'id' | 'access' } = {}): Promise<string> {
    const tokenUse = options.tokenUse ?? 'id';
    // Access tokens name their client in client_id (and carry an aud only for id tokens' sake here).
    return new SignJWT({ token_use: tokenUse, ...(tokenUse === 'access' ? { client_id: clientId } : {}), ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test' })
      .setIssuer(this.issuer(userPoolId))
      .setAudience(clientId)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(this.keys!.privateKey);
  }
}

export const asService = (fake: FakeUserPools): LocalService => fake;
