import type { CognitoOperation } from '../context';
import { requireString } from '../input';

/** AdminRemoveUserFromGroup: removes a user from a group (no-op when not a member). */
export const adminRemoveUserFromGroup: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  const group = pool.group(requireString(input, 'GroupName'));
  user.groups = user.groups.filter((name) => name !== group.name);
  pool.store.put(user);
  await pool.store.save();
  return {};
};
