import { KeyLayout, validateRequest } from '../engine/dynalite';
import { rangeEnd } from '../engine/database';
import type { Operation } from './context';

/**
 * ListTables: dynalite's validation, but the names are read from the table range alone
 * (dynalite's own action scans every key of the store, items included).
 */
export const listTables: Operation = async (input, context) => {
  const data = validateRequest('ListTables', input, context.database.store);
  context.authorize('dynamodb:ListTables', '*');
  const limit = typeof data.Limit === 'number' ? data.Limit : 100;
  const start = typeof data.ExclusiveStartTableName === 'string' ? { gt: KeyLayout.table + data.ExclusiveStartTableName } : { gte: KeyLayout.table };
  const keys = await context.database.store.db.keys({ ...start, lt: rangeEnd(KeyLayout.table), limit: limit + 1 }).all();
  const names = keys.map((key) => key.slice(KeyLayout.table.length));
  if (names.length <= limit) return { TableNames: names };
  const page = names.slice(0, limit);
  return { TableNames: page, LastEvaluatedTableName: page[page.length - 1] };
};
