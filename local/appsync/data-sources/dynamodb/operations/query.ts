import { MappingTemplateError } from '../../../errors';
import { addProjection, compact, decodeNextToken, encodeNextToken, ExpressionParameters, tokenScope, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/**
 * Query: `{ query, filter, index, nextToken, limit, scanIndexForward, consistentRead,
 * select, projection }` → `{ items, nextToken, scannedCount }`.
 */
export async function query(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const scope = tokenScope(ctx, request.index);
  const params = new ExpressionParameters();
  if (!params.add('KeyConditionExpression', request.query, 'Query query')) throw new MappingTemplateError('Query needs a query expression');
  params.add('FilterExpression', request.filter, 'Query filter');
  addProjection(params, request.projection);
  const output = await ctx.call('Query', compact({
    TableName: ctx.tableName,
    IndexName: request.index,
    Limit: request.limit,
    ExclusiveStartKey: decodeNextToken(request.nextToken, scope),
    ScanIndexForward: request.scanIndexForward !== false,
    ConsistentRead: request.consistentRead === true ? true : undefined,
    Select: request.select,
    ...params.build(),
  }));
  return {
    items: ((output.Items as AttributeMap[] | undefined) ?? []).map((item) => unmarshall(item)),
    nextToken: encodeNextToken(output.LastEvaluatedKey as AttributeMap | undefined, scope),
    scannedCount: output.ScannedCount ?? 0,
  };
}
