import { createRequire } from 'node:module';
import { LOCAL_ACCOUNT } from '../../assembly';
import { fromDynalite, isDynaliteError, ValidationException } from '../errors';
import { compareDocumentsByValue } from './document-comparisons';
import { memoizeExpressionParsers } from './expression-parsers';
import type { AttributeMap } from '../types';

/**
 * The one place that knows dynalite's insides. Dynalite 4 (pinned) is DynamoDB's core API
 * on LevelDB: request validation (`validations/<op>`), actions (`actions/<op>(store, data,
 * cb)`) and a store of prefixed key ranges in one LevelDB. The local service runs its
 * validations and actions in-process, without dynalite's HTTP server, and passes its own
 * store to the write actions so that each write commits in one LevelDB batch (see
 * staged-writes.ts). The key layout below is dynalite's; a unit test guards it.
 */
const require = createRequire(import.meta.url);

type Callback<T> = (error: Error | null | undefined, value?: T) => void;

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
}

export interface IndexDescription {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  [key: string]: unknown;
}

/** A table as dynalite stores it (DescribeTable's `Table`). */
export interface TableDescription {
  TableName: string;
  TableArn: string;
  TableStatus: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  GlobalSecondaryIndexes?: IndexDescription[];
  LocalSecondaryIndexes?: IndexDescription[];
  CreationDateTime: number;
  [key: string]: unknown;
}

/** One of dynalite's key ranges (`item-<table>~`, `index-global~<table>~<index>~`…). */
export interface DynaliteSubDb {
  get(key: string, cb: Callback<unknown>): void;
  put(key: string, value: unknown, cb: Callback<void>): void;
  del(key: string, cb: Callback<void>): void;
  lock(key: string, fn: (release: <F>(cb: F) => F) => void): void;
}

export interface BatchOperation {
  type: 'put' | 'del';
  key: string;
  value?: unknown;
}

/** The LevelDB (classic-level or memory-level) under dynalite, JSON-encoded values. */
export interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  batch(operations: BatchOperation[]): Promise<void>;
  values(options: { gt?: string; gte?: string; lt?: string; lte?: string; limit?: number; reverse?: boolean }): { all(): Promise<unknown[]> };
  keys(options: { gt?: string; gte?: string; lt?: string; lte?: string; limit?: number; reverse?: boolean }): { all(): Promise<string[]> };
  iterator(options: { gt?: string; gte?: string; lt?: string; lte?: string; limit?: number; reverse?: boolean }): { all(): Promise<[string, unknown][]> };
}

/** What dynalite's actions take as `store`. */
export interface DynaliteStore {
  options: { maxItemSize: number; [key: string]: unknown };
  db: LevelDatabase;
  tableDb: DynaliteSubDb & { awsAccountId: string; awsRegion: string };
  getTable(name: string, checkStatus: boolean, cb: Callback<TableDescription>): void;
  getItemDb(name: string): DynaliteSubDb;
  getIndexDb(indexType: 'Local' | 'Global', tableName: string, indexName: string): DynaliteSubDb;
  lifecycleManager?: { gracefulClose(cb: Callback<void>): void };
}

/** The store shape dynalite's write actions use (a staged store provides just this). */
export type ActionStore = Pick<DynaliteStore, 'options' | 'tableDb' | 'getTable' | 'getItemDb' | 'getIndexDb'>;

interface ValidationModule {
  types: Record<string, unknown>;
  custom?: (data: Record<string, unknown>, store: ActionStore) => string | undefined;
}

type Action = (store: ActionStore, data: Record<string, unknown>, cb: Callback<Record<string, unknown>>) => void;

interface DynaliteDbModule {
  create(options: Record<string, unknown>): DynaliteStore;
  createKey(item: AttributeMap, table: TableDescription, keySchema?: KeySchemaElement[]): string;
  validateKey(key: AttributeMap, table: TableDescription): Error | undefined;
  validateItem(item: AttributeMap, table: TableDescription): Error | undefined;
  checkConditional(data: Record<string, unknown>, existing: AttributeMap | undefined): Error | null | undefined;
  itemSize(item: AttributeMap): number;
  updateIndexes(store: ActionStore, table: TableDescription, existing: AttributeMap | undefined, item: AttributeMap | undefined, cb: Callback<void>): void;
}

interface ValidationsModule {
  checkTypes(data: Record<string, unknown>, types: Record<string, unknown>): Record<string, unknown>;
  checkValidations(data: Record<string, unknown>, types: Record<string, unknown>, custom: ValidationModule['custom'], store: ActionStore): void;
}

export const dynaliteDb = require('dynalite/db') as DynaliteDbModule;
const validations = require('dynalite/validations') as ValidationsModule;
// Before any request is parsed: dynalite's parsers take exponential time on nested parentheses.
memoizeExpressionParsers();

/** Dynalite's operations, by DynamoDB name (its files are the camelCase names). */
export const DYNALITE_OPERATIONS = [
  'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable', 'DescribeTimeToLive', 'GetItem', 'ListTables',
  'ListTagsOfResource', 'PutItem', 'Query', 'Scan', 'TagResource', 'UntagResource', 'UpdateItem', 'UpdateTable',
] as const;
export type DynaliteOperation = (typeof DYNALITE_OPERATIONS)[number];

const lowerFirst = (name: string) => name[0].toLowerCase() + name.slice(1);
const validationModules = new Map<string, ValidationModule>(DYNALITE_OPERATIONS.map((op) => [op, require(`dynalite/validations/${lowerFirst(op)}`) as ValidationModule]));
const actions = new Map<string, Action>(DYNALITE_OPERATIONS.map((op) => [op, require(`dynalite/actions/${lowerFirst(op)}`) as Action]));

/** Dynalite's key ranges, as prefixes of the one LevelDB's keys. */
export const KeyLayout = {
  table: 'table~',
  item: (tableName: string) => `item-${tableName}~`,
  index: (indexType: 'Local' | 'Global', tableName: string, indexName: string) => `index-${indexType.toLowerCase()}~${tableName}~${indexName}~`,
} as const;

/**
 * A dynalite store on LevelDB at `path` (memory when undefined), with ARNs in the local
 * account. Tables become ACTIVE on the next tick rather than after dynalite's 500 ms.
 */
export async function createStore(path: string | undefined): Promise<DynaliteStore> {
  const store = dynaliteDb.create({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, maxItemSizeKb: 400 });
  // Dynalite reads the account and region from the environment; the local cloud has its own.
  store.tableDb.awsAccountId = LOCAL_ACCOUNT.accountId;
  store.tableDb.awsRegion = LOCAL_ACCOUNT.region;
  await store.db.open();
  return store;
}

/** Closes the store, waiting for dynalite's pending operations. */
export function closeStore(store: DynaliteStore): Promise<void> {
  return new Promise((resolve, reject) => {
    const done: Callback<void> = (error) => (error ? reject(error) : resolve());
    if (store.lifecycleManager) store.lifecycleManager.gracefulClose(done);
    else store.db.close().then(() => resolve(), reject);
  });
}

/**
 * Validates a request as DynamoDB does (types, constraints, expressions) with dynalite's
 * rules, returning the request dynalite's action takes (with parsed expressions). Throws
 * DynamoDBError. `input` is not modified. List and Map operands of its conditions and filters
 * are made to compare by value (see document-comparisons.ts).
 */
export function validateRequest(operation: DynaliteOperation, input: Record<string, unknown>, store: ActionStore): Record<string, unknown> {
  const rules = validationModules.get(operation)!;
  let data: Record<string, unknown>;
  try {
    // Dynalite's checks normalize numbers and drop unknown members in place: give them a copy.
    data = validations.checkTypes(structuredClone(input), rules.types);
    validations.checkValidations(data, rules.types, rules.custom, store);
  } catch (error) {
    if (isDynaliteError(error)) throw fromDynalite(error);
    // Dynalite's checks assume well-typed members inside lists (`Keys: [null]` reaches its
    // custom validation as a null): a request it cannot read is the caller's error, not a 500.
    if (error instanceof TypeError) {
      throw new ValidationException(`1 validation error detected: a member of the ${operation} request holds null or a value of the wrong type where DynamoDB expects a structure`);
    }
    throw error;
  }
  try {
    compareDocumentsByValue(data);
  } catch (error) {
    throw isDynaliteError(error) ? fromDynalite(error) : error;
  }
  return data;
}

/** Runs a validated request through dynalite's action on `store`. Throws DynamoDBError. */
export function runAction(operation: DynaliteOperation, store: ActionStore, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const action = actions.get(operation)!;
  return new Promise((resolve, reject) => {
    action(store, data, (error, result) => {
      if (error) reject(isDynaliteError(error) ? fromDynalite(error) : error);
      else resolve(result ?? {});
    });
  });
}

/** The table's description, or undefined. `active` treats CREATING/DELETING tables as absent, as item operations do. */
export function getTable(store: ActionStore, name: string, active = false): Promise<TableDescription | undefined> {
  return new Promise((resolve, reject) => {
    store.getTable(name, active, (error, table) => {
      if (!error) resolve(table);
      else if (isDynaliteError(error) && error.body.__type.endsWith('#ResourceNotFoundException')) resolve(undefined);
      else reject(error);
    });
  });
}

/** The key attributes of `item` under the table's key schema. */
export function keyOf(item: AttributeMap, table: Pick<TableDescription, 'KeySchema'>): AttributeMap {
  const key: AttributeMap = {};
  for (const element of table.KeySchema) key[element.AttributeName] = item[element.AttributeName];
  return key;
}
