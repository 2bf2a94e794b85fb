import type { CognitoOperation } from '../context';
import { optionalInteger, optionalString } from '../input';
import { page } from '../pagination';

/** AdminListGroupsForUser: the user's groups, best precedence first, paginated by NextToken. */
export const adminListGroupsForUser: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const groups = pool.groupsOf(user);
  const { items, next } = page(groups, (group) => group.name, limit, optionalString(input, 'NextToken'));
  return { Groups: items.map((group) => pool.groupType(group)), ...(next && { NextToken: next }) };
};
