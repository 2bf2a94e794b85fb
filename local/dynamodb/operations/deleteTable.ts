import { runAction, validateRequest } from '../engine/dynalite';
import { tableArn, type Operation } from './context';

/** DeleteTable: dynalite's; the table's stream records, stream and Time to Live go with it. */
export const deleteTable: Operation = async (input, context) => {
  const data = validateRequest('DeleteTable', input, context.database.store);
  const tableName = data.TableName as string;
  context.authorize('dynamodb:DeleteTable', tableArn(tableName));
  const result = await context.database.withLocks([tableName], () => runAction('DeleteTable', context.database.store, data));
  const stream = context.database.meta(tableName).stream;
  if (stream) await context.streams.drop(stream.arn);
  await context.database.setMeta(tableName, undefined);
  return result;
};
