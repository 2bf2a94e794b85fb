import type { CognitoOperation } from '../context';

/** AdminDeleteUser: removes a user and every session of theirs. */
export const adminDeleteUser: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  pool.store.remove(user);
  await pool.store.save();
  return {};
};
