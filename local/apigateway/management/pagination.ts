/**
 * Pages of a list as the management APIs give them: v1 takes `limit` (1–500, default 25) and
 * `position`, v2 `maxResults` and `nextToken`. Tokens are opaque: the index of the next item.
 */
import { ManagementError } from '../errors';

export function page<T>(items: readonly T[], query: URLSearchParams, api: 'v1' | 'v2'): { items: T[]; next?: string } {
  const limitParam = query.get(api === 'v1' ? 'limit' : 'maxResults');
  const limit = limitParam === null ? (api === 'v1' ? 25 : 100) : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw ManagementError.badRequest(`Invalid ${api === 'v1' ? 'limit' : 'maxResults'}: ${limitParam}`);
  const token = query.get(api === 'v1' ? 'position' : 'nextToken');
  let start = 0;
  if (token !== null) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw ManagementError.badRequest(`Invalid ${api === 'v1' ? 'position' : 'nextToken'}`);
  }
  const end = start + limit;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}
