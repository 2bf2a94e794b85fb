import type { CognitoOperation } from '../context';

/** AdminUserGlobalSignOut: revokes every session of a user (as GlobalSignOut, by an administrator). */
export const adminUserGlobalSignOut: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  for (const session of pool.store.sessionsOf(user.username)) pool.store.putSession({ ...session, revoked: true });
  await pool.store.save();
  return {};
};
