import { refreshSession, requireFlow } from '../authentication';
import type { CognitoOperation } from '../context';
import { NotAuthorizedException } from '../errors';
import { optionalString, requireString, stringMap } from '../input';

/**
 * GetTokensFromRefreshToken: new id and access tokens for a refresh token of this client (and
 * a new refresh token when the client rotates them). aws-amplify v6 refreshes through it.
 */
export const getTokensFromRefreshToken: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const refreshToken = requireString(input, 'RefreshToken');
  requireFlow(client, 'REFRESH_TOKEN_AUTH');
  // This operation takes the client secret itself, not a SECRET_HASH.
  if (client.secret && optionalString(input, 'ClientSecret') !== client.secret) throw new NotAuthorizedException(`Unable to verify secret for client ${client.id}`);
  return { AuthenticationResult: await refreshSession(call, pool, client, refreshToken, stringMap(input, 'ClientMetadata')) };
};
