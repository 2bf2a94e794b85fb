/** Members several Step Functions operations share, as its API model (states 2016-11-23) states them. */
export const ARN = { type: 'string', min: 1, max: 256 } as const;
export const LONG_ARN = { type: 'string', min: 1, max: 2048 } as const;
export const NAME = { type: 'string', min: 1, max: 80 } as const;
export const SENSITIVE_DATA = { type: 'string', max: 262144, sensitive: true } as const;
export const TRACE_HEADER = { type: 'string', min: 0, max: 256 } as const;
export const TASK_TOKEN = { type: 'string', min: 1, max: 2048 } as const;
export const ERROR = { type: 'string', min: 0, max: 256, sensitive: true } as const;
export const CAUSE = { type: 'string', min: 0, max: 32768, sensitive: true } as const;
export const MAX_RESULTS = { type: 'integer', min: 0, max: 1000 } as const;
export const NEXT_TOKEN = { type: 'string', min: 1, max: 1024 } as const;
export const INCLUDED_DATA = { type: 'string', enum: ['ALL_DATA', 'METADATA_ONLY'] } as const;

/** A page of `items` from an opaque token (an offset), and the token of the next page. */
export function page<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, fallback = 100): { items: T[]; nextToken?: string } {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString('utf8')) || 0 : 0;
  const size = maxResults && maxResults > 0 ? maxResults : fallback;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length && { nextToken: Buffer.from(String(end)).toString('base64url') }) };
}
