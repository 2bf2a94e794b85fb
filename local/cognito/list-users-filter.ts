import { InvalidParameterException } from './errors';
import type { StoredUser } from './user-store';

/** Attributes ListUsers can filter on (Cognito's list; custom attributes are not searchable). */
const SEARCHABLE = new Set(['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub']);

/**
 * Parses ListUsers' `Filter`: `AttributeName Operator "Value"` with `=` (exact) or `^=`
 * (prefix), the name optionally quoted, `\"` escaping a quote in the value. An empty filter
 * matches everyone. `status` is Enabled/Disabled; `cognito:user_status` the user's status.
 * @example
 * const matches = parseUserFilter('email ^= "ann"', false);
 */
export function parseUserFilter(filter: string, caseSensitive: boolean): (user: StoredUser) => boolean {
  if (filter.trim() === '') return () => true;
  const match = /^\s*(?:"([^"]+)"|([A-Za-z_:]+))\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw new InvalidParameterException('Error while parsing filter.');
  const attribute = match[1] ?? match[2];
  const prefix = match[3] === '^=';
  const value = match[4].replace(/\\(.)/g, '$1');
  if (!SEARCHABLE.has(attribute)) throw new InvalidParameterException(`Invalid search attribute: ${attribute}`);
  // Usernames follow the pool's case sensitivity; other values compare as given.
  const fold = (text: string) => (attribute === 'username' && !caseSensitive ? text.toLowerCase() : text);
  const wanted = fold(value);
  const valueOf = (user: StoredUser): string | undefined => {
    if (attribute === 'username') return user.username;
    if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
    if (attribute === 'cognito:user_status') return user.status;
    return user.attributes[attribute];
  };
  return (user) => {
    const actual = valueOf(user);
    if (actual === undefined) return false;
    return prefix ? fold(actual).startsWith(wanted) : fold(actual) === wanted;
  };
}
