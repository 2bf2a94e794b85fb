import type { CognitoOperation } from '../context';
import { groupName } from '../group-settings';

/** GetGroup: one group of the pool. */
export const getGroup: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  return { Group: pool.groupType(pool.group(groupName(input))) };
};
