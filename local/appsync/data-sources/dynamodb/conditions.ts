import { isDeepStrictEqual } from 'node:util';
import { DynamoDBError } from '../../../dynamodb/types';
import { NotImplementedLocallyError } from '../../errors';
import { unmarshall, type AttributeMap, type OperationContext } from './mapping';

/**
 * A write whose condition failed. AppSync hands the response handler the error
 * (`DynamoDB:ConditionalCheckFailedException`) and the item as it is now in
 * `$ctx.result`.
 */
export class ConditionFailure extends Error {
  constructor(readonly cause: DynamoDBError, readonly currentItem: Record<string, unknown> | null) {
    super(cause.message);
    this.name = 'ConditionFailure';
  }
}

interface ConditionOptions {
  key: AttributeMap;
  condition?: { equalsIgnore?: unknown; conditionalCheckFailedHandler?: { strategy?: string } };
  /** PutItem: the item that was to be written, for `equalsIgnore`. */
  intended?: Record<string, unknown>;
}

/**
 * Runs a conditional write; on a failed condition finds the current item and
 * applies AppSync's `equalsIgnore` (a current item equal to the intended one,
 * ignoring the listed attributes, counts as success).
 */
export async function conditionalWrite(
  ctx: OperationContext,
  write: () => Promise<unknown>,
  options: ConditionOptions,
): Promise<unknown> {
  const handler = options.condition?.conditionalCheckFailedHandler;
  if (handler?.strategy === 'Custom') throw new NotImplementedLocallyError('conditionalCheckFailedHandler with strategy Custom');
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof DynamoDBError) || error.type !== 'ConditionalCheckFailedException') throw error;
    const typed = (error.details.Item as AttributeMap | undefined)
      ?? ((await ctx.call('GetItem', { TableName: ctx.tableName, Key: options.key, ConsistentRead: true })).Item as AttributeMap | undefined);
    const current = unmarshall(typed);
    const ignore = Array.isArray(options.condition?.equalsIgnore) ? options.condition!.equalsIgnore.map(String) : undefined;
    if (ignore && current && options.intended) {
      const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !ignore.includes(name)));
      if (isDeepStrictEqual(strip(current), strip(options.intended))) return current;
    }
    throw new ConditionFailure(error, current);
  }
}
