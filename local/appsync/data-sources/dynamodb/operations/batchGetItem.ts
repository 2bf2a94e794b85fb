import { isDeepStrictEqual } from 'node:util';
import { MappingTemplateError } from '../../../errors';
import { addProjection, attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

interface TableRequest {
  keys: AttributeMap[];
  consistentRead?: boolean;
  projection?: unknown;
}

/**
 * BatchGetItem: `{ tables: { <table>: { keys, consistentRead } } }` →
 * `{ data: { <table>: [item | null, …in key order] }, unprocessedKeys: { <table>: [...] } }`.
 */
export async function batchGetItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const tables = request.tables as Record<string, TableRequest> | undefined;
  if (!tables || typeof tables !== 'object') throw new MappingTemplateError('BatchGetItem needs tables');
  const requestItems: Record<string, unknown> = {};
  for (const [table, spec] of Object.entries(tables)) {
    const params = new ExpressionParameters();
    addProjection(params, spec.projection);
    requestItems[table] = { Keys: spec.keys.map((key) => attributeMap(key, `BatchGetItem key of ${table}`)), ConsistentRead: spec.consistentRead === true, ...params.build() };
  }
  const output = await ctx.call('BatchGetItem', { RequestItems: requestItems });
  const responses = (output.Responses ?? {}) as Record<string, AttributeMap[]>;
  const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, { Keys: AttributeMap[] }>;
  const data: Record<string, unknown[]> = {};
  const unprocessedKeys: Record<string, unknown[]> = {};
  for (const [table, spec] of Object.entries(tables)) {
    const found = responses[table] ?? [];
    // AppSync answers in key order, null where an item is missing.
    data[table] = spec.keys.map((key) => {
      const item = found.find((candidate) => Object.entries(key).every(([name, value]) => isDeepStrictEqual(candidate[name], value)));
      return item ? unmarshall(item) : null;
    });
    unprocessedKeys[table] = (unprocessed[table]?.Keys ?? []).map((key) => unmarshall(key));
  }
  return { data, unprocessedKeys };
}
