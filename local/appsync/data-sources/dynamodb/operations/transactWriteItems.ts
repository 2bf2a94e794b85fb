import { MappingTemplateError } from '../../../errors';
import { attributeMap, ExpressionParameters, unmarshall, type AttributeMap, type OperationContext } from '../mapping';

interface TransactWrite {
  table: string;
  operation: 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheck';
  key: AttributeMap;
  attributeValues?: AttributeMap;
  update?: unknown;
  condition?: { returnValuesOnConditionCheckFailure?: boolean };
}

/**
 * TransactWriteItems: `{ transactItems: [{ table, operation, key, … }] }` → `{ keys,
 * cancellationReasons }`. A cancelled transaction surfaces as the data source's error
 * (`DynamoDB:TransactionCanceledException`), its reasons in `$ctx.result`.
 */
export async function transactWriteItems(request: Record<string, unknown>, ctx: OperationContext): Promise<unknown> {
  const items = request.transactItems as TransactWrite[] | undefined;
  if (!Array.isArray(items)) throw new MappingTemplateError('TransactWriteItems needs transactItems');
  const transactItems = items.map((item) => {
    const key = attributeMap(item.key, `TransactWriteItems ${item.operation} key`);
    const params = new ExpressionParameters();
    const condition = params.add('ConditionExpression', item.condition, `TransactWriteItems ${item.operation} condition`) as TransactWrite['condition'];
    const onFailure = condition?.returnValuesOnConditionCheckFailure === false ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' };
    switch (item.operation) {
      case 'PutItem':
        return { Put: { TableName: item.table, Item: { ...attributeMap(item.attributeValues ?? {}, 'PutItem attributeValues'), ...key }, ...params.build(), ...(condition ? onFailure : {}) } };
      case 'UpdateItem':
        if (!params.add('UpdateExpression', item.update, 'TransactWriteItems UpdateItem update')) throw new MappingTemplateError('TransactWriteItems UpdateItem needs an update');
        return { Update: { TableName: item.table, Key: key, ...params.build(), ...(condition ? onFailure : {}) } };
      case 'DeleteItem':
        return { Delete: { TableName: item.table, Key: key, ...params.build(), ...(condition ? onFailure : {}) } };
      case 'ConditionCheck':
        if (!condition) throw new MappingTemplateError('TransactWriteItems ConditionCheck needs a condition');
        return { ConditionCheck: { TableName: item.table, Key: key, ...params.build(), ...onFailure } };
      default:
        throw new MappingTemplateError(`TransactWriteItems does not support operation ${String((item as { operation: unknown }).operation)}`);
    }
  });
  await ctx.call('TransactWriteItems', { TransactItems: transactItems });
  return { keys: items.map((item) => unmarshall(item.key)), cancellationReasons: null };
}
