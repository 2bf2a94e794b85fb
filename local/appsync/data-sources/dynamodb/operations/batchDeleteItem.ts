import { MappingTemplateError } from '../../../errors';
import { attributeMap, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** BatchDeleteItem: `{ tables: { <table>: [key…] } }` → `{ data: { <table>: [key…] }, unprocessedKeys }`. */
export async function batchDeleteItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const tables = request.tables as Record<string, AttributeMap[]> | undefined;
  if (!tables || typeof tables !== 'object') throw new MappingTemplateError('BatchDeleteItem needs tables');
  const requestItems = Object.fromEntries(
    Object.entries(tables).map(([table, keys]) => [table, keys.map((key) => ({ DeleteRequest: { Key: attributeMap(key, `BatchDeleteItem key of ${table}`) } }))]),
  );
  const output = await ctx.call('BatchWriteItem', { RequestItems: requestItems });
  const unprocessed = (output.UnprocessedItems ?? {}) as Record<string, { DeleteRequest: { Key: AttributeMap } }[]>;
  const data: Record<string, unknown[]> = {};
  const unprocessedKeys: Record<string, unknown[]> = {};
  for (const [table, keys] of Object.entries(tables)) {
    unprocessedKeys[table] = (unprocessed[table] ?? []).map((entry) => unmarshall(entry.DeleteRequest.Key));
    data[table] = keys.map((key) => unmarshall(key));
  }
  return { data, unprocessedKeys };
}
