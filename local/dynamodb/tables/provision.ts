import type { Logger } from '../../reporter';
import type { Database, TableMeta } from '../engine/database';
import { getTable, validateRequest, type IndexDescription, type TableDescription } from '../engine/dynalite';
import type { StreamStore } from '../streams/stream-store';
import { DynamoDBError } from '../types';
import { TableDefinitionError, type TableDefinition } from './definitions';
import { createTableAndWait, deleteTableAndWait, replaceIndexes, settleTable } from './lifecycle';
import { newStream } from './streams-meta';

/** What start-up did with each table. */
export interface ProvisionOutcome {
  tableName: string;
  action: 'created' | 'kept' | 'reindexed' | 'recreated';
}

interface Context {
  database: Database;
  streams: StreamStore;
  log: Logger;
  now: () => number;
}

/**
 * Makes the store hold the assembly's tables. A table already there from an earlier run is
 * kept with its items. If its key schema changed, its items cannot be kept under the new
 * keys: it is recreated empty, with a warning (CloudFormation replaces such a table too).
 * If only its secondary indexes changed, the indexes are rebuilt from the items, which
 * stay. Tables in the store that the assembly no longer has are left alone.
 */
export async function provisionTables(definitions: TableDefinition[], context: Context): Promise<ProvisionOutcome[]> {
  const outcomes: ProvisionOutcome[] = [];
  for (const definition of definitions) outcomes.push(await provisionTable(definition, context));
  return outcomes;
}

async function provisionTable(definition: TableDefinition, context: Context): Promise<ProvisionOutcome> {
  const { database, log } = context;
  const tableName = definition.createTable.TableName;
  try {
    validateRequest('CreateTable', definition.createTable, database.store);
  } catch (error) {
    if (error instanceof DynamoDBError) throw new TableDefinitionError(definition.source, `DynamoDB would refuse it: ${error.message}`);
    throw error;
  }

  let existing = await getTable(database.store, tableName);
  if (existing?.TableStatus === 'DELETING') {
    await deleteTableAndWait(database, tableName);
    existing = undefined;
  } else if (existing && existing.TableStatus !== 'ACTIVE') {
    existing = await settleTable(database, existing);
  }

  let action: ProvisionOutcome['action'];
  let table: TableDescription;
  if (!existing) {
    table = await createTableAndWait(database, definition.createTable);
    action = 'created';
  } else if (keySignature(existing) !== keySignature(definition.createTable as unknown as TableDescription)) {
    log.warn(`table ${tableName}: its key schema changed (${keySignature(existing)} → ${keySignature(definition.createTable as unknown as TableDescription)}); recreating it EMPTY, as CloudFormation replaces a table whose keys change`);
    await dropMeta(context, tableName);
    await deleteTableAndWait(database, tableName);
    table = await createTableAndWait(database, definition.createTable);
    action = 'recreated';
  } else if (indexSignature(existing) !== indexSignature(definition.createTable as unknown as TableDescription)) {
    const { skipped } = await replaceIndexes(database, existing, definition.createTable as unknown as TableDescription);
    log.info(`table ${tableName}: its secondary indexes changed; rebuilt them from its items${skipped ? ` (${skipped} items with index keys of the wrong type are in no index)` : ''}`);
    table = (await getTable(database.store, tableName))!;
    action = 'reindexed';
  } else {
    table = existing;
    action = 'kept';
  }
  await applyMeta(definition, table, context);
  return { tableName, action };
}

async function applyMeta(definition: TableDefinition, table: TableDescription, context: Context): Promise<void> {
  const { database, streams } = context;
  const current = database.meta(table.TableName);
  const next: TableMeta = {};
  if (definition.stream) {
    const same = current.stream?.arn === definition.stream.arn && current.stream.viewType === definition.stream.viewType;
    next.stream = same
      ? { ...current.stream!, keySchema: table.KeySchema }
      : newStream({ tableArn: table.TableArn, viewType: definition.stream.viewType, keySchema: table.KeySchema, nowMs: context.now(), arn: definition.stream.arn });
  }
  if (current.stream && current.stream.arn !== next.stream?.arn) await streams.drop(current.stream.arn);
  if (definition.ttl) next.ttl = definition.ttl;
  if (JSON.stringify(next) !== JSON.stringify(current)) await database.setMeta(table.TableName, next);
}

async function dropMeta(context: Context, tableName: string): Promise<void> {
  const stream = context.database.meta(tableName).stream;
  if (stream) await context.streams.drop(stream.arn);
  await context.database.setMeta(tableName, undefined);
}

/** The table's keys: names, roles and types. */
function keySignature(table: Pick<TableDescription, 'KeySchema' | 'AttributeDefinitions'>): string {
  return table.KeySchema.map((key) => `${key.AttributeName} ${key.KeyType} ${typeOf(table, key.AttributeName)}`).join(', ');
}

/** The table's secondary indexes: names, keys (with types) and projections. */
function indexSignature(table: Pick<TableDescription, 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes' | 'AttributeDefinitions'>): string {
  const describe = (kind: string, index: IndexDescription) =>
    `${kind} ${index.IndexName} [${index.KeySchema.map((key) => `${key.AttributeName} ${key.KeyType} ${typeOf(table, key.AttributeName)}`).join(', ')}] ${index.Projection.ProjectionType} ${[...(index.Projection.NonKeyAttributes ?? [])].sort().join(',')}`;
  return [
    ...(table.GlobalSecondaryIndexes ?? []).map((index) => describe('GSI', index)),
    ...(table.LocalSecondaryIndexes ?? []).map((index) => describe('LSI', index)),
  ].sort().join('; ');
}

function typeOf(table: Pick<TableDescription, 'AttributeDefinitions'>, attribute: string): string {
  return table.AttributeDefinitions.find((definition) => definition.AttributeName === attribute)?.AttributeType ?? '?';
}
