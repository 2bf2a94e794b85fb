import { addProjection, attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** GetItem: `{ key, consistentRead, projection }` → the item, or null. */
export async function getItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const params = new ExpressionParameters();
  addProjection(params, request.projection);
  const output = await ctx.call('GetItem', {
    TableName: ctx.tableName,
    Key: attributeMap(request.key, 'GetItem key'),
    ConsistentRead: request.consistentRead === true,
    ...params.build(),
  });
  return unmarshall(output.Item as AttributeMap | undefined);
}
