import { conditionalWrite } from '../conditions';
import { attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** PutItem: `{ key, attributeValues, condition }` → the item as written. */
export async function putItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const key = attributeMap(request.key, 'PutItem key');
  const item: AttributeMap = { ...attributeMap(request.attributeValues ?? {}, 'PutItem attributeValues'), ...key };
  const params = new ExpressionParameters();
  const condition = params.add('ConditionExpression', request.condition, 'PutItem condition');
  return conditionalWrite(
    ctx,
    async () => {
      await ctx.call('PutItem', { TableName: ctx.tableName, Item: item, ...params.build(), ...(condition ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}) });
      return unmarshall(item);
    },
    { key, condition: condition as never, intended: unmarshall(item) ?? undefined },
  );
}
