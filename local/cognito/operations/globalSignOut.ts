import type { CognitoOperation } from '../context';

/**
 * GlobalSignOut: revokes every session of the signed-in user. Their refresh tokens stop
 * working and Cognito's user operations refuse their access tokens; other services keep
 * accepting access and id tokens until they expire, as on AWS.
 */
export const globalSignOut: CognitoOperation = async (input, call) => {
  const { pool, user } = call.tokenUser(input);
  for (const session of pool.store.sessionsOf(user.username)) pool.store.putSession({ ...session, revoked: true });
  await pool.store.save();
  return {};
};
