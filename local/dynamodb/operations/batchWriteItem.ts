import { runAction, validateRequest } from '../engine/dynalite';
import { tableArn, type Operation } from './context';

/**
 * BatchWriteItem: dynalite's puts and deletes on one unit of work under the locks of every
 * table named, committed in one batch (so it is all or nothing here, which AWS does not
 * promise, and never leaves UnprocessedItems), each item with its stream record.
 */
export const batchWriteItem: Operation = async (input, context) => {
  const data = validateRequest('BatchWriteItem', input, context.database.store);
  const tables = Object.keys(data.RequestItems as object);
  for (const tableName of tables) context.authorize('dynamodb:BatchWriteItem', tableArn(tableName));
  return context.database.write(tables, (staged) => runAction('BatchWriteItem', staged.store, data));
};
