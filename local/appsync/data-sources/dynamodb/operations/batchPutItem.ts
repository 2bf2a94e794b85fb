import { MappingTemplateError } from '../../../errors';
import { attributeMap, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** BatchPutItem: `{ tables: { <table>: [item…] } }` → `{ data: { <table>: [item…] }, unprocessedItems }`. */
export async function batchPutItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const tables = request.tables as Record<string, AttributeMap[]> | undefined;
  if (!tables || typeof tables !== 'object') throw new MappingTemplateError('BatchPutItem needs tables');
  const requestItems = Object.fromEntries(
    Object.entries(tables).map(([table, items]) => [table, items.map((item) => ({ PutRequest: { Item: attributeMap(item, `BatchPutItem item of ${table}`) } }))]),
  );
  const output = await ctx.call('BatchWriteItem', { RequestItems: requestItems });
  const unprocessed = (output.UnprocessedItems ?? {}) as Record<string, { PutRequest: { Item: AttributeMap } }[]>;
  const data: Record<string, unknown[]> = {};
  const unprocessedItems: Record<string, unknown[]> = {};
  for (const [table, items] of Object.entries(tables)) {
    const left = (unprocessed[table] ?? []).map((entry) => unmarshall(entry.PutRequest.Item));
    unprocessedItems[table] = left;
    data[table] = items.map((item) => unmarshall(item));
  }
  return { data, unprocessedItems };
}
