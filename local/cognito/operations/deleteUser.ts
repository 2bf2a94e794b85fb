import type { CognitoOperation } from '../context';

/** DeleteUser: the signed-in user deletes their own account (and its sessions). */
export const deleteUser: CognitoOperation = async (input, call) => {
  const { pool, user } = call.tokenUser(input);
  pool.store.remove(user);
  await pool.store.save();
  call.log.info(`${user.username} deleted their account in ${pool.id}`);
  return {};
};
