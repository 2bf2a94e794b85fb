import { MappingTemplateError } from '../../../errors';
import { conditionalWrite } from '../conditions';
import { attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** UpdateItem: `{ key, update, condition }` → the item after the update. */
export async function updateItem(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const key = attributeMap(request.key, 'UpdateItem key');
  const params = new ExpressionParameters();
  if (!params.add('UpdateExpression', request.update, 'UpdateItem update')) throw new MappingTemplateError('UpdateItem needs an update expression');
  const condition = params.add('ConditionExpression', request.condition, 'UpdateItem condition');
  return conditionalWrite(
    ctx,
    async () => {
      const output = await ctx.call('UpdateItem', {
        TableName: ctx.tableName,
        Key: key,
        ReturnValues: 'ALL_NEW',
        ...params.build(),
        ...(condition ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
      });
      return unmarshall(output.Attributes as AttributeMap | undefined);
    },
    { key, condition: condition as never },
  );
}
