/** Small factories for the DynamoDB unit tests: an in-memory database with tables, and requests. */
import { Database, type AppendedRecords } from '../../../../local/dynamodb/engine/database';
import { runAction, validateRequest } from '../../../../local/dynamodb/engine/dynalite';
import type { StreamViewType } from '../../../../local/dynamodb/streams/records';
import { createTableAndWait } from '../../../../local/dynamodb/tables/lifecycle';
import { newStream } from '../../../../local/dynamodb/tables/streams-meta';
import type { AttributeMap } from '../../../../local/dynamodb/types';

export interface TestDatabase {
  database: Database;
  appended: AppendedRecords[];
  clock: { now: number };
}

/** An in-memory database (or one at `path`) on a clock the test moves; `onAppend` hears each commit's records. */
export async function openDatabase(options: { path?: string; onAppend?: (records: AppendedRecords[]) => void } = {}): Promise<TestDatabase> {
  const appended: AppendedRecords[] = [];
  const clock = { now: Date.UTC(2026, 0, 2) };
  const database = await Database.open({
    path: options.path,
    now: () => clock.now,
    onAppend: (records) => {
      appended.push(...records);
      options.onAppend?.(records);
    },
  });
  return { database, appended, clock };
}

/** A table keyed `pk` (S), optionally `sk` (S), with a GSI `byColour` on `colour` and a stream of `viewType`. */
export async function createTable(test: TestDatabase, name: string, options: { viewType?: StreamViewType; sortKey?: boolean } = {}): Promise<void> {
  const table = await createTableAndWait(test.database, {
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(options.sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' }] : [])],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'colour', AttributeType: 'S' },
      ...(options.sortKey ? [{ AttributeName: 'sk', AttributeType: 'S' }] : []),
    ],
    GlobalSecondaryIndexes: [{ IndexName: 'byColour', KeySchema: [{ AttributeName: 'colour', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  if (options.viewType) {
    await test.database.setMeta(name, { stream: newStream({ tableArn: table.TableArn, viewType: options.viewType, keySchema: table.KeySchema, nowMs: test.clock.now }) });
  }
}

/** Runs a dynalite write through the database's one write path. */
export function write(test: TestDatabase, operation: 'PutItem' | 'UpdateItem' | 'DeleteItem', input: Record<string, unknown>) {
  const data = validateRequest(operation, input, test.database.store);
  return test.database.write([String(input.TableName)], (staged) => runAction(operation, staged.store, data));
}

export function read(test: TestDatabase, operation: 'GetItem' | 'Query' | 'Scan', input: Record<string, unknown>) {
  return runAction(operation, test.database.store, validateRequest(operation, input, test.database.store));
}

export const s = (value: string) => ({ S: value });
export const n = (value: number) => ({ N: String(value) });
export const item = (pk: string, rest: AttributeMap = {}): AttributeMap => ({ pk: s(pk), ...rest });
