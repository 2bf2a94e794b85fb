import { dynaliteDb, keyOf, runAction, validateRequest } from '../engine/dynalite';
import { ConditionalCheckFailedException } from '../errors';
import type { AttributeMap } from '../types';
import { activeTable, returnValuesOnFailure, tableArn, type OperationContext } from './context';

/**
 * PutItem, UpdateItem and DeleteItem: validated and run by dynalite on a unit of work
 * under the table's lock, committed in one batch with the stream record. A failed
 * condition with ReturnValuesOnConditionCheckFailure=ALL_OLD carries the item as it is.
 */
export async function writeItem(operation: 'PutItem' | 'UpdateItem' | 'DeleteItem', input: Record<string, unknown>, context: OperationContext): Promise<Record<string, unknown>> {
  const onFailure = returnValuesOnFailure(input.ReturnValuesOnConditionCheckFailure);
  const data = validateRequest(operation, input, context.database.store);
  const tableName = data.TableName as string;
  context.authorize(`dynamodb:${operation}`, tableArn(tableName));
  return context.database.write([tableName], async (staged) => {
    try {
      return await runAction(operation, staged.store, data);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || onFailure !== 'ALL_OLD') throw error;
      const table = await activeTable(context, tableName);
      const key = operation === 'PutItem' ? keyOf(data.Item as AttributeMap, table) : (data.Key as AttributeMap);
      throw new ConditionalCheckFailedException(await staged.readItem(tableName, dynaliteDb.createKey(key, table)));
    }
  });
}
