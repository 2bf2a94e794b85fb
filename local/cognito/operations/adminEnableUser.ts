import type { CognitoOperation } from '../context';

/** AdminEnableUser: a disabled user may sign in again. */
export const adminEnableUser: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  user.enabled = true;
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
