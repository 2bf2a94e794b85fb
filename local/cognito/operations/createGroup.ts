import type { CognitoOperation } from '../context';
import { GroupExistsException } from '../errors';
import { groupName, groupSettings } from '../group-settings';

/** CreateGroup: a new group of the pool; it takes part in tokens (groups, roles, precedence) at once. */
export const createGroup: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const name = groupName(input);
  const settings = groupSettings(input);
  if (pool.groups.has(name)) throw new GroupExistsException(`A group with the name ${name} already exists.`);
  const now = call.now();
  const group = { name, ...settings, created: now, modified: now };
  pool.putGroup(group);
  await pool.store.save();
  call.log.info(`created group ${name} in ${pool.id}`);
  return { Group: pool.groupType(group) };
};
