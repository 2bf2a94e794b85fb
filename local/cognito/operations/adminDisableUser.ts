import type { CognitoOperation } from '../context';

/** AdminDisableUser: the user can no longer sign in, and their sessions are revoked. */
export const adminDisableUser: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  user.enabled = false;
  user.modified = call.now();
  pool.store.put(user);
  for (const session of pool.store.sessionsOf(user.username)) pool.store.putSession({ ...session, revoked: true });
  await pool.store.save();
  return {};
};
