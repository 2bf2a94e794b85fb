import { addProjection, compact, decodeNextToken, encodeNextToken, ExpressionParameters, tokenScope, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/**
 * Scan: `{ filter, index, limit, nextToken, consistentRead, select, segment,
 * totalSegments, projection }` → `{ items, nextToken, scannedCount }`.
 */
export async function scan(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const scope = tokenScope(ctx, request.index);
  const params = new ExpressionParameters();
  params.add('FilterExpression', request.filter, 'Scan filter');
  addProjection(params, request.projection);
  const output = await ctx.call('Scan', compact({
    TableName: ctx.tableName,
    IndexName: request.index,
    Limit: request.limit,
    ExclusiveStartKey: decodeNextToken(request.nextToken, scope),
    ConsistentRead: request.consistentRead === true ? true : undefined,
    Select: request.select,
    Segment: request.segment,
    TotalSegments: request.totalSegments,
    ...params.build(),
  }));
  return {
    items: ((output.Items as AttributeMap[] | undefined) ?? []).map((item) => unmarshall(item)),
    nextToken: encodeNextToken(output.LastEvaluatedKey as AttributeMap | undefined, scope),
    scannedCount: output.ScannedCount ?? 0,
  };
}
