import { InvalidParameterException } from './errors';

/**
 * Token pagination over a sorted list: the token names the last key returned, so a page
 * stays correct when items are added or removed between calls.
 */
export function page<T>(sorted: readonly T[], keyOf: (item: T) => string, limit: number, token: string | undefined): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    let after: string;
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
      if (typeof decoded.after !== 'string') throw new TypeError('no key');
      after = decoded.after;
    } catch {
      throw new InvalidParameterException('Invalid pagination token');
    }
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const size = limit === 0 ? 60 : limit;
  const items = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  return { items, ...(more && items.length > 0 && { next: Buffer.from(JSON.stringify({ after: keyOf(items[items.length - 1]) })).toString('base64url') }) };
}
