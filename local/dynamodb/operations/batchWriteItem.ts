import { dynaliteDb, KeyLayout, keyOf, runAction, validateRequest } from '../engine/dynalite';
import type { AttributeMap } from '../types';
import { activeTable, tableArn, type Operation } from './context';

type WriteRequest = { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } };

/**
 * BatchWriteItem: dynalite's puts and deletes on one unit of work under the locks of every
 * table named, committed in one batch (so it is all or nothing here, which AWS does not
 * promise, and never leaves UnprocessedItems), each item with its stream record, in the
 * order of the request.
 */
export const batchWriteItem: Operation = async (input, context) => {
  const data = validateRequest('BatchWriteItem', input, context.database.store);
  const requestItems = data.RequestItems as Record<string, WriteRequest[]>;
  const tables = Object.keys(requestItems);
  for (const tableName of tables) context.authorize('dynamodb:BatchWriteItem', tableArn(tableName));
  return context.database.write(tables, async (staged) => {
    const result = await runAction('BatchWriteItem', staged.store, data);
    const order: string[] = [];
    for (const [tableName, requests] of Object.entries(requestItems)) {
      const table = await activeTable(context, tableName);
      for (const request of requests) {
        const key = request.PutRequest ? keyOf(request.PutRequest.Item, table) : request.DeleteRequest!.Key;
        order.push(KeyLayout.item(tableName) + dynaliteDb.createKey(key, table));
      }
    }
    staged.orderItems(order);
    return result;
  });
};
