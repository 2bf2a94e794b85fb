import { runAction, validateRequest } from '../engine/dynalite';
import { indexArn, tableArn, type OperationContext } from './context';

/** GetItem, Query and Scan: dynalite reads the committed state (each write lands whole). */
export async function readItems(operation: 'GetItem' | 'Query' | 'Scan', input: Record<string, unknown>, context: OperationContext): Promise<Record<string, unknown>> {
  const data = validateRequest(operation, input, context.database.store);
  const tableName = data.TableName as string;
  context.authorize(`dynamodb:${operation}`, typeof data.IndexName === 'string' ? indexArn(tableName, data.IndexName) : tableArn(tableName));
  return runAction(operation, context.database.store, data);
}
