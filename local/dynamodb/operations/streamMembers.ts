/** Members the DynamoDB Streams operations share, as DynamoDB Streams' API model (2012-08-10) states them. */
import type { NumberShape, StringShape } from '../../kit';

export const STREAM_ARN = { type: 'string', min: 37, max: 1024 } as const satisfies StringShape;
export const SHARD_ID = { type: 'string', min: 28, max: 65 } as const satisfies StringShape;
/** PositiveIntegerObject, capped per operation. */
export const limit = (max: number) => ({ type: 'integer', min: 1, max }) as const satisfies NumberShape;
