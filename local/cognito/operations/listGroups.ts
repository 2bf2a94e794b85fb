import type { CognitoOperation } from '../context';
import { optionalInteger, optionalString } from '../input';
import { page } from '../pagination';

/** ListGroups: the pool's groups by name, paginated by NextToken. */
export const listGroups: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const groups = [...pool.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  const { items, next } = page(groups, (group) => group.name, limit, optionalString(input, 'NextToken'));
  return { Groups: items.map((group) => pool.groupType(group)), ...(next && { NextToken: next }) };
};
