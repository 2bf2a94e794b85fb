import { KmsErrors } from '../errors';

/** One page of a listing: up to `limit` (default 100) items after the marker, which is the position to resume at. */
export function page<T>(items: readonly T[], limit: number | undefined, marker: string | undefined): { items: T[]; next?: string } {
  const start = marker === undefined ? 0 : Number(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw KmsErrors.invalidMarker();
  const end = start + (limit ?? 100);
  return { items: items.slice(start, end), ...(end < items.length && { next: Buffer.from(String(end), 'utf8').toString('base64url') }) };
}
