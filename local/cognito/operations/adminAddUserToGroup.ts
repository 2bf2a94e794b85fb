import type { CognitoOperation } from '../context';
import { requireString } from '../input';

/** AdminAddUserToGroup: adds a user to a group of the pool (no-op when already a member). */
export const adminAddUserToGroup: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  const group = pool.group(requireString(input, 'GroupName'));
  if (!user.groups.includes(group.name)) user.groups.push(group.name);
  pool.store.put(user);
  await pool.store.save();
  call.log.info(`added ${user.attributes.email ?? user.username} to group ${group.name} in ${pool.id}`);
  return {};
};
