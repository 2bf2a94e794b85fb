import { setTimeout as sleep } from 'node:timers/promises';
import { rangeEnd, type Database } from '../engine/database';
import { dynaliteDb, getTable, KeyLayout, runAction, validateRequest, type BatchOperation, type IndexDescription, type TableDescription } from '../engine/dynalite';
import type { AttributeMap } from '../types';

/**
 * Creating, deleting and re-indexing tables on dynalite. Dynalite marks a table CREATING or
 * DELETING and settles it on a timer (set to 0 here); these helpers wait for that.
 */

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    if (await check()) return;
    await sleep(attempt < 20 ? 0 : 5);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Creates a table from a validated CreateTable request and waits until it is ACTIVE. */
export async function createTableAndWait(database: Database, request: Record<string, unknown>): Promise<TableDescription> {
  const data = validateRequest('CreateTable', request, database.store);
  await runAction('CreateTable', database.store, data);
  const name = String(request.TableName);
  let table: TableDescription | undefined;
  await waitFor(async () => (table = await getTable(database.store, name, true)) !== undefined, `table ${name} to become ACTIVE`);
  return table!;
}

/** Deletes a table and waits until it is gone. */
export async function deleteTableAndWait(database: Database, name: string): Promise<void> {
  await runAction('DeleteTable', database.store, { TableName: name });
  await waitFor(async () => (await getTable(database.store, name)) === undefined, `table ${name} to be deleted`);
}

/** Puts back a table that a killed process left CREATING or UPDATING. */
export async function settleTable(database: Database, table: TableDescription): Promise<TableDescription> {
  const settled: TableDescription = { ...table, TableStatus: 'ACTIVE' };
  for (const index of settled.GlobalSecondaryIndexes ?? []) index.IndexStatus = 'ACTIVE';
  await database.store.db.put(KeyLayout.table + table.TableName, settled);
  return settled;
}

/** Every item of a table (the whole table is read into memory: local tables are small). */
export async function allItems(database: Database, tableName: string): Promise<AttributeMap[]> {
  const prefix = KeyLayout.item(tableName);
  return (await database.store.db.values({ gte: prefix, lt: rangeEnd(prefix) }).all()) as AttributeMap[];
}

/**
 * Replaces a table's secondary indexes and rebuilds their entries from the items, in one
 * batch: killed halfway, the table has its old indexes or its new ones, never a mix, and it
 * keeps its items either way. Items whose new index keys have the wrong type are left out
 * of that index (DynamoDB would refuse to create the index instead); they are returned.
 */
export async function replaceIndexes(
  database: Database,
  table: TableDescription,
  next: { AttributeDefinitions: TableDescription['AttributeDefinitions']; GlobalSecondaryIndexes?: IndexDescription[]; LocalSecondaryIndexes?: IndexDescription[] },
): Promise<{ skipped: number }> {
  const updated: TableDescription = { ...table, AttributeDefinitions: next.AttributeDefinitions };
  delete updated.GlobalSecondaryIndexes;
  delete updated.LocalSecondaryIndexes;
  if (next.GlobalSecondaryIndexes?.length) updated.GlobalSecondaryIndexes = next.GlobalSecondaryIndexes.map((index) => describeIndex(updated, index, true));
  if (next.LocalSecondaryIndexes?.length) updated.LocalSecondaryIndexes = next.LocalSecondaryIndexes.map((index) => describeIndex(updated, index, false));

  return database.withLocks([table.TableName], async () => {
    const operations: BatchOperation[] = [];
    for (const [kind, indexes] of [['Global', table.GlobalSecondaryIndexes], ['Local', table.LocalSecondaryIndexes]] as const) {
      for (const index of indexes ?? []) {
        const prefix = KeyLayout.index(kind, table.TableName, index.IndexName);
        for (const key of await database.store.db.keys({ gte: prefix, lt: rangeEnd(prefix) }).all()) operations.push({ type: 'del', key });
      }
    }
    const puts = new Map<string, BatchOperation>();
    let skipped = 0;
    const stage = {
      options: database.store.options,
      tableDb: database.store.tableDb,
      getTable: database.store.getTable,
      getItemDb: database.store.getItemDb,
      getIndexDb: (kind: 'Local' | 'Global', tableName: string, indexName: string) => ({
        ...database.store.getIndexDb(kind, tableName, indexName),
        put: (key: string, value: unknown, cb: (error?: Error | null) => void) => {
          puts.set(KeyLayout.index(kind, tableName, indexName) + key, { type: 'put', key: KeyLayout.index(kind, tableName, indexName) + key, value });
          setImmediate(cb, null);
        },
      }),
    };
    for (const item of await allItems(database, table.TableName)) {
      if (dynaliteDb.validateItem(item, updated)) {
        skipped++;
        continue;
      }
      await new Promise<void>((resolve, reject) => dynaliteDb.updateIndexes(stage, updated, undefined, item, (error) => (error ? reject(error) : resolve())));
    }
    // Index entries are put after the deletes in the batch; a key in both ends up present.
    operations.push(...puts.values(), { type: 'put', key: KeyLayout.table + table.TableName, value: updated });
    await database.store.db.batch(operations);
    return { skipped };
  });
}

/** An index as DynamoDB describes it (what dynalite's CreateTable adds). */
function describeIndex(table: TableDescription, index: IndexDescription, global: boolean): IndexDescription {
  const described: IndexDescription = {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    IndexArn: `${table.TableArn}/index/${index.IndexName}`,
    IndexSizeBytes: 0,
    ItemCount: 0,
  };
  if (global) {
    described.IndexStatus = 'ACTIVE';
    described.ProvisionedThroughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0, ...(index.ProvisionedThroughput as object | undefined) };
  }
  return described;
}
