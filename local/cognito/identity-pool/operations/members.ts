/** Members the identity pool operations share, as Cognito Identity's API model (2014-06-30) states them. */
import type { MapShape, NumberShape, StringShape } from '../../../kit';

/** IdentityPoolId and IdentityId: `<region>:<uuid>`, at most 55. */
export const IDENTITY_ID = { type: 'string', min: 1, max: 55, pattern: '[\\w-]+:[0-9a-f-]+' } as const satisfies StringShape;

/** LoginsMap: provider name → token (sensitive), at most 10. */
export const LOGINS = {
  type: 'map',
  max: 10,
  key: { type: 'string', min: 1, max: 128 },
  value: { type: 'string', min: 1, max: 50000, sensitive: true },
} as const satisfies MapShape;

/** QueryLimit: the list operations' MaxResults, 1–60. */
export const QUERY_LIMIT = { type: 'integer', min: 1, max: 60 } as const satisfies NumberShape;

/** PaginationKey: the list operations' NextToken. */
export const NEXT_TOKEN = { type: 'string', min: 1, max: 65535, pattern: '[\\S]+' } as const satisfies StringShape;
