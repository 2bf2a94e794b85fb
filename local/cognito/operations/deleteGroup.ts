import type { CognitoOperation } from '../context';
import { groupName } from '../group-settings';

/** DeleteGroup: removes the group and every user's membership of it (their next tokens leave it out). */
export const deleteGroup: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const group = pool.group(groupName(input));
  pool.deleteGroup(group.name);
  await pool.store.save();
  call.log.info(`deleted group ${group.name} from ${pool.id}`);
  return {};
};
