import { dynaliteDb, keyOf, validateRequest, type TableDescription } from '../engine/dynalite';
import { fromDynalite, isDynaliteError, SerializationException, ValidationException } from '../errors';
import type { AttributeMap } from '../types';
import { activeTable, checkedMember, returnValuesOnFailure, type OperationContext } from '../operations/context';

/** The most actions one transaction may hold. */
export const MAX_TRANSACTION_ITEMS = 100;

export type TransactWriteKind = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';

/** One action of a transaction, validated: the request dynalite runs for it, and the item it targets. */
export interface TransactAction<Kind extends string = string> {
  kind: Kind;
  tableName: string;
  table: TableDescription;
  /** The validated single-item request (PutItem, UpdateItem, DeleteItem or GetItem shaped). */
  data: Record<string, unknown>;
  key: AttributeMap;
  /** Dynalite's key of the item within its table. */
  itemKey: string;
  onFailure: 'ALL_OLD' | 'NONE';
}

/** Members each kind of action carries over to the single-item request that validates it. */
const MEMBERS: Record<TransactWriteKind | 'Get', readonly string[]> = {
  Put: ['TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
  Update: ['TableName', 'Key', 'UpdateExpression', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
  Delete: ['TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
  ConditionCheck: ['TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
  Get: ['TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames'],
};

/** Which single-item request validates each kind (a ConditionCheck parses like a conditional delete). */
const VALIDATED_AS = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'DeleteItem', Get: 'GetItem' } as const;

/** `TransactItems`: present, a list, 1 to 100 entries. */
export function transactItemsOf(input: Record<string, unknown>): Record<string, unknown>[] {
  const items = input.TransactItems;
  // Each entry's members are validated as their own request (transactAction), after the list itself.
  if (Array.isArray(items)) for (const item of items) if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new SerializationException('Unexpected value type in payload');
  checkedMember(items, { type: 'list', required: true, min: 1, max: MAX_TRANSACTION_ITEMS, member: { type: 'structure', members: {} } }, 'transactItems');
  for (const item of items as unknown[]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new SerializationException('Unexpected value type in payload');
  }
  return items as Record<string, unknown>[];
}

/**
 * Validates one action as DynamoDB does before running anything: its request's shape and
 * expressions, its table (ResourceNotFoundException), its key against the table's schema.
 */
export async function transactAction<Kind extends TransactWriteKind | 'Get'>(kind: Kind, body: unknown, position: number, context: OperationContext): Promise<TransactAction<Kind>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SerializationException('Unexpected value type in payload');
  const source = body as Record<string, unknown>;
  const member = `transactItems.${position + 1}.member.${kind === 'ConditionCheck' ? 'conditionCheck' : kind.toLowerCase()}`;
  if (kind === 'Update') checkedMember(source.UpdateExpression, { type: 'string', required: true }, `${member}.updateExpression`);
  if (kind === 'ConditionCheck') checkedMember(source.ConditionExpression, { type: 'string', required: true }, `${member}.conditionExpression`);
  const onFailure = kind === 'Get' ? 'NONE' : returnValuesOnFailure(source.ReturnValuesOnConditionCheckFailure, `${member}.returnValuesOnConditionCheckFailure`);
  const request = Object.fromEntries(MEMBERS[kind].filter((name) => source[name] !== undefined).map((name) => [name, source[name]]));
  const data = validateRequest(VALIDATED_AS[kind], request, context.database.store);
  const tableName = data.TableName as string;
  const table = await activeTable(context, tableName);
  const invalid = kind === 'Put' ? dynaliteDb.validateItem(data.Item as AttributeMap, table) : dynaliteDb.validateKey(data.Key as AttributeMap, table);
  if (invalid) throw isDynaliteError(invalid) ? fromDynalite(invalid) : invalid;
  const key = kind === 'Put' ? keyOf(data.Item as AttributeMap, table) : (data.Key as AttributeMap);
  return { kind, tableName, table, data, key, itemKey: dynaliteDb.createKey(key, table), onFailure };
}

/** No two actions of one transaction may target the same item. */
export function assertDistinctItems(actions: TransactAction[]): void {
  const seen = new Set<string>();
  for (const action of actions) {
    const id = `${action.tableName}\0${action.itemKey}`;
    if (seen.has(id)) throw new ValidationException('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
}

/** The one action kind of a TransactWriteItems entry. */
export function writeKindOf(entry: Record<string, unknown>): TransactWriteKind {
  const kinds = (['ConditionCheck', 'Put', 'Delete', 'Update'] as const).filter((kind) => entry[kind] !== undefined && entry[kind] !== null);
  if (kinds.length !== 1) throw new ValidationException('TransactItems can only contain one of Check, Put, Update or Delete');
  return kinds[0];
}
