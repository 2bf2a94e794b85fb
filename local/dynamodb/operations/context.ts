import { LOCAL_ACCOUNT } from '../../assembly';
import { checkMember, SerializationFailure, validateInput, ValidationFailure, type Shape, type StructureShape, type Validated } from '../../kit';
import type { Logger } from '../../reporter';
import type { Database } from '../engine/database';
import { getTable, type TableDescription } from '../engine/dynalite';
import { ResourceNotFoundException, SerializationException, ValidationException } from '../errors';
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

/** The kit's refusals in DynamoDB's types; anything else unchanged. */
function asDynamoDBError(error: unknown): unknown {
  if (error instanceof ValidationFailure) return new ValidationException(error.message);
  if (error instanceof SerializationFailure) return new SerializationException(error.message);
  return error;
}

/**
 * Reads an operation's input against its description (for the operations dynalite does not
 * validate): AWS's messages, DynamoDB's error types.
 * @example
 * const { StreamArn, Limit } = validated<DescribeStreamInput>(input, describeStreamInput);
 */
export function validated<T>(input: Record<string, unknown>, shape: StructureShape<T>): Validated<T> {
  try {
    return validateInput(input, shape);
  } catch (error) {
    throw asDynamoDBError(error);
  }
}

/** Checks one member that is not read through `validated` (a value taken out of a larger request). */
export function checkedMember(value: unknown, shape: Shape & { required?: boolean }, path: string): void {
  try {
    checkMember(value ?? undefined, shape, path);
  } catch (error) {
    throw asDynamoDBError(error);
  }
}

/** ReturnValuesOnConditionCheckFailure (which dynalite does not know): ALL_OLD, NONE or absent. */
export function returnValuesOnFailure(value: unknown, member = 'returnValuesOnConditionCheckFailure'): 'ALL_OLD' | 'NONE' {
  checkedMember(value, { type: 'string', enum: ['ALL_OLD', 'NONE'] }, member);
  return (value as 'ALL_OLD' | 'NONE' | undefined) ?? 'NONE';
}
