import type { CognitoOperation } from '../context';
import { optionalInteger, optionalString, requireString } from '../input';
import { page } from '../pagination';

/** ListUsersInGroup: the members of a group, paginated by NextToken. */
export const listUsersInGroup: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const group = pool.group(requireString(input, 'GroupName'));
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const members = pool.store.all().filter((user) => user.groups.includes(group.name)).sort((a, b) => a.username.localeCompare(b.username));
  const { items, next } = page(members, (user) => user.username, limit, optionalString(input, 'NextToken'));
  return { Users: items.map((user) => pool.userType(user)), ...(next && { NextToken: next }) };
};
