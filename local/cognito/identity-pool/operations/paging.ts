import { InvalidParameterException } from '../errors';

/**
 * One page of a list operation from its `NextToken` (the position of the page, opaque to
 * callers); a token this service did not issue is InvalidParameterException.
 */
export function pageOf<T>(items: readonly T[], max: number, token: string | undefined): { page: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw new InvalidParameterException('The pagination token is not valid.');
  }
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { page: items.slice(start, start + max), ...(next && { next }) };
}
