import type { LocalService } from '../service';

/** Contract of the local Cognito service (implemented in local/cognito). */
export type JwtClaims = Record<string, unknown> & {
  sub: string;
  iss: string;
  token_use: 'id' | 'access';
  exp: number;
  iat: number;
  'cognito:groups'?: string[];
  'cognito:username'?: string;
  username?: string;
  client_id?: string;
  aud?: string;
};

export class TokenVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenVerificationError';
  }
}

export interface CognitoService extends LocalService {
  readonly name: 'cognito';
  /**
   * Verifies a user-pool JWT as AppSync and API Gateway do: RS256 signature against the
   * pool's JWKS, `exp`, `iss` (the pool's issuer URL), `token_use`, and when given, the
   * client id (`aud` for id tokens, `client_id` for access tokens). Throws TokenVerificationError.
   */
  verifyToken(token: string, expect: { userPoolId: string; clientIdRegex?: string }): Promise<JwtClaims>;
  /** The issuer URL (`iss`) of a pool on the edge. */
  issuer(userPoolId: string): string;
}
