import { conditionalWrite } from '../conditions';
import { attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** DeleteItem: `{ key, condition }` → the item as it was (null when there was none). */
export async function deleteItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const key = attributeMap(request.key, 'DeleteItem key');
  const params = new ExpressionParameters();
  const condition = params.add('ConditionExpression', request.condition, 'DeleteItem condition');
  return conditionalWrite(
    ctx,
    async () => {
      const output = await ctx.call('DeleteItem', {
        TableName: ctx.tableName,
        Key: key,
        ReturnValues: 'ALL_OLD',
        ...params.build(),
        ...(condition ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
      });
      return unmarshall(output.Attributes as AttributeMap | undefined);
    },
    { key, condition: condition as never },
  );
}
