import type { OperationContext } from '../mapping';
import { batchDeleteItem } from './batchDeleteItem';
import { batchGetItem } from './batchGetItem';
import { batchPutItem } from './batchPutItem';
import { deleteItem } from './deleteItem';
import { getItem } from './getItem';
import { putItem } from './putItem';
import { query } from './query';
import { scan } from './scan';
import { updateItem } from './updateItem';
import { transactGetItems } from './transactGetItems';
import { transactWriteItems } from './transactWriteItems';

export type ResolverOperation = (request: Record<string, unknown>, ctx: OperationContext) => Promise<unknown>;

/** AppSync's DynamoDB resolver operations (request `operation` → handler). */
export const DYNAMODB_OPERATIONS: Readonly<Record<string, ResolverOperation>> = {
  GetItem: getItem,
  PutItem: putItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  Query: query,
  Scan: scan,
  BatchGetItem: batchGetItem,
  BatchPutItem: batchPutItem,
  BatchDeleteItem: batchDeleteItem,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
};
