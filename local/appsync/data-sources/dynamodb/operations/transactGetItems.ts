import { MappingTemplateError } from '../../../errors';
import { addProjection, attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

/** TransactGetItems: `{ transactItems: [{ table, key, projection }] }` → `{ items, cancellationReasons }`. */
export async function transactGetItems(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const items = request.transactItems as { table: string; key: AttributeMap; projection?: unknown }[] | undefined;
  if (!Array.isArray(items)) throw new MappingTemplateError('TransactGetItems needs transactItems');
  const output = await ctx.call('TransactGetItems', {
    TransactItems: items.map((item) => {
      const params = new ExpressionParameters();
      addProjection(params, item.projection);
      return { Get: { TableName: item.table, Key: attributeMap(item.key, 'TransactGetItems key'), ...params.build() } };
    }),
  });
  const responses = (output.Responses ?? []) as { Item?: AttributeMap }[];
  return { items: items.map((_, i) => unmarshall(responses[i]?.Item)), cancellationReasons: null };
}
