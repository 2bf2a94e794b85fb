import type { CognitoOperation } from '../context';
import { CognitoError, UnsupportedOperationException, UnsupportedTokenTypeException } from '../errors';
import { optionalString, requireString } from '../input';
import { refreshTokenHash } from '../tokens';

class UnauthorizedException extends CognitoError {
  constructor(message: string) {
    super('UnauthorizedException', message);
  }
}

/**
 * RevokeToken: revokes a refresh token and the access and id tokens issued from it (its
 * session, `origin_jti`). aws-amplify's signOut calls it.
 */
export const revokeToken: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const token = requireString(input, 'Token');
  if (client.secret && optionalString(input, 'ClientSecret') !== client.secret) throw new UnauthorizedException('Invalid client secret');
  if (!client.enableTokenRevocation) throw new UnsupportedOperationException('Token revocation is not enabled for this app client.');
  if (token.split('.').length === 3) throw new UnsupportedTokenTypeException('Only refresh tokens can be revoked');
  const session = pool.store.sessionByRefreshHash(refreshTokenHash(token));
  // As OAuth token revocation (RFC 7009): a token that is not (or no longer) valid needs no revoking.
  if (!session) return {};
  if (session.clientId !== client.id) throw new UnauthorizedException('The token was issued to another app client');
  pool.store.putSession({ ...session, revoked: true });
  await pool.store.save();
  return {};
};
