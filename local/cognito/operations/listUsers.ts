import type { CognitoOperation } from '../context';
import { InvalidParameterException } from '../errors';
import { optionalInteger, optionalString } from '../input';
import { parseUserFilter } from '../list-users-filter';
import { page } from '../pagination';

/** ListUsers: the pool's users, optionally filtered (`email ^= "ann"`), paginated by PaginationToken. */
export const listUsers: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const filter = parseUserFilter(optionalString(input, 'Filter') ?? '', pool.config.caseSensitive);
  let only: Set<string> | undefined;
  if (input.AttributesToGet !== undefined && input.AttributesToGet !== null) {
    if (!Array.isArray(input.AttributesToGet)) throw new InvalidParameterException('AttributesToGet must be a list of attribute names');
    only = new Set((input.AttributesToGet as unknown[]).map(String));
  }
  const users = pool.store.all().filter(filter).sort((a, b) => a.username.localeCompare(b.username));
  const { items, next } = page(users, (user) => user.username, limit, optionalString(input, 'PaginationToken'));
  return { Users: items.map((user) => pool.userType(user, only)), ...(next && { PaginationToken: next }) };
};
