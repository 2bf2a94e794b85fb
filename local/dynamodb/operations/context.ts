import { LOCAL_ACCOUNT } from '../../assembly';
import type { Logger } from '../../reporter';
import type { Database } from '../engine/database';
import { getTable, type TableDescription } from '../engine/dynalite';
import { ResourceNotFoundException, ValidationException } from '../errors';
import type { StreamStore } from '../streams/stream-store';

/** What every operation is given. */
export interface OperationContext {
  database: Database;
  streams: StreamStore;
  now(): number;
  log: Logger;
  /** The edge URL. */
  endpoint: string;
  /**
   * Authorizes the caller for `action` (`dynamodb:PutItem`) on `resource` (an ARN); a no-op
   * for unauthenticated in-process calls. Throws AccessDeniedException.
   */
  authorize(action: string, resource: string, conditionKeys?: Record<string, string>): void;
}

/** A DynamoDB or DynamoDB Streams operation: wire-format input to wire-format output. Throws DynamoDBError. */
export type Operation = (input: Record<string, unknown>, context: OperationContext) => Promise<Record<string, unknown>>;

const { region, accountId } = LOCAL_ACCOUNT;

export function tableArn(tableName: string): string {
  return `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;
}

export function indexArn(tableName: string, indexName: string): string {
  return `${tableArn(tableName)}/index/${indexName}`;
}

/** The table a request names, if it names one as a string (validation reports the rest). */
export function tableNameOf(input: Record<string, unknown>): string {
  return typeof input.TableName === 'string' ? input.TableName : '';
}

/** An ACTIVE table, or ResourceNotFoundException as item operations report it. */
export async function activeTable(context: OperationContext, tableName: string): Promise<TableDescription> {
  const table = await getTable(context.database.store, tableName, true);
  if (!table) throw new ResourceNotFoundException();
  return table;
}

/**
 * DynamoDB's validation message for a member outside its constraint, e.g.
 * "1 validation error detected: Value 'X' at 'returnValuesOnConditionCheckFailure' failed
 * to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]".
 */
export function constraintError(member: string, value: unknown, constraint: string): ValidationException {
  const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
  return new ValidationException(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** ReturnValuesOnConditionCheckFailure (which dynalite does not know): ALL_OLD, NONE or absent. */
export function returnValuesOnFailure(value: unknown, member = 'returnValuesOnConditionCheckFailure'): 'ALL_OLD' | 'NONE' {
  if (value === undefined || value === null) return 'NONE';
  if (value !== 'ALL_OLD' && value !== 'NONE') throw constraintError(member, value, 'Member must satisfy enum value set: [ALL_OLD, NONE]');
  return value;
}
