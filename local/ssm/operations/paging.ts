import { SsmErrors } from '../errors';

/**
 * SSM's NextToken, locally: the position of the next page, opaque to callers. A token this
 * store did not make, or one past the end, is InvalidNextToken.
 */
export function decodePageToken(token: string | undefined, total: number): number {
  if (token === undefined) return 0;
  const position = Number(Buffer.from(token, 'base64url').toString());
  if (!Number.isInteger(position) || position < 0 || position > total) throw SsmErrors.invalidNextToken();
  return position;
}

/** The token of the page starting at `next`, or undefined when there is none. */
export function pageToken(next: number, total: number): string | undefined {
  return next < total ? Buffer.from(String(next)).toString('base64url') : undefined;
}
