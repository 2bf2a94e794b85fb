import { runAction, validateRequest } from '../engine/dynalite';
import { tableArn, type Operation } from './context';

/** BatchGetItem: dynalite's, authorized on each table named. */
export const batchGetItem: Operation = async (input, context) => {
  const data = validateRequest('BatchGetItem', input, context.database.store);
  for (const tableName of Object.keys(data.RequestItems as object)) context.authorize('dynamodb:BatchGetItem', tableArn(tableName));
  return runAction('BatchGetItem', context.database.store, data);
};
