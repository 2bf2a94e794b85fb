import type { CognitoOperation } from '../context';
import { groupName, groupSettings } from '../group-settings';

/** UpdateGroup: changes the description, role or precedence a request gives; the rest stays. */
export const updateGroup: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const current = pool.group(groupName(input));
  const group = { ...current, ...groupSettings(input), modified: call.now() };
  pool.putGroup(group);
  await pool.store.save();
  return { Group: pool.groupType(group) };
};
