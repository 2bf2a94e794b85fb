import { getTable, runAction, validateRequest, type AttributeDefinition, type IndexDescription, type TableDescription } from '../engine/dynalite';
import { ResourceNotFoundException, ValidationException } from '../errors';
import { describeTable } from '../tables/describe';
import { replaceIndexes } from '../tables/lifecycle';
import { newStream } from '../tables/streams-meta';
import { tableArn, tableNameOf, type Operation, type OperationContext } from './context';
import { streamSpecificationOf } from './createTable';

interface IndexUpdate {
  Create?: IndexDescription;
  Delete?: { IndexName: string };
  Update?: unknown;
}

/**
 * UpdateTable: streams are enabled and disabled here; global secondary indexes are created
 * and deleted here (rebuilt from the items, which dynalite does not do); throughput, billing
 * mode and index throughput go to dynalite.
 */
export const updateTable: Operation = async (input, context) => {
  const tableName = tableNameOf(input);
  const stream = streamSpecificationOf(input);
  const { StreamSpecification: _stream, GlobalSecondaryIndexUpdates, ...rest } = input;
  const updates = (Array.isArray(GlobalSecondaryIndexUpdates) ? GlobalSecondaryIndexUpdates : []) as IndexUpdate[];
  const indexChanges = updates.filter((update) => update?.Create || update?.Delete);
  const forDynalite: Record<string, unknown> = { ...rest };
  const throughputUpdates = updates.filter((update) => !update?.Create && !update?.Delete);
  if (throughputUpdates.length > 0 || GlobalSecondaryIndexUpdates !== undefined && !Array.isArray(GlobalSecondaryIndexUpdates)) {
    forDynalite.GlobalSecondaryIndexUpdates = Array.isArray(GlobalSecondaryIndexUpdates) ? throughputUpdates : GlobalSecondaryIndexUpdates;
  }
  const dynaliteHasWork = ['ProvisionedThroughput', 'BillingMode', 'SSESpecification', 'GlobalSecondaryIndexUpdates'].some((name) => forDynalite[name] !== undefined);
  // Dynalite's validation covers the request's shape (and says what is missing when nothing is asked).
  const data = dynaliteHasWork || (!stream && indexChanges.length === 0) ? validateRequest('UpdateTable', forDynalite, context.database.store) : undefined;
  context.authorize('dynamodb:UpdateTable', tableArn(tableName));

  const table = await getTable(context.database.store, tableName);
  if (!table) throw new ResourceNotFoundException(`Requested resource not found: Table: ${tableName} not found`);
  if (stream) await updateStream(context, table, stream);
  if (indexChanges.length > 0) await changeIndexes(context, table, indexChanges, (input.AttributeDefinitions ?? []) as AttributeDefinition[]);
  if (data) await runAction('UpdateTable', context.database.store, data);
  const updated = (await getTable(context.database.store, tableName))!;
  return { TableDescription: describeTable(updated, context.database.meta(tableName)) };
};

async function updateStream(context: OperationContext, table: TableDescription, stream: NonNullable<ReturnType<typeof streamSpecificationOf>>): Promise<void> {
  const meta = context.database.meta(table.TableName);
  if (stream.enabled) {
    if (meta.stream) throw new ValidationException(`Table already has an enabled stream: TableName: ${table.TableName}`);
    const created = newStream({ tableArn: table.TableArn, viewType: stream.viewType!, keySchema: table.KeySchema, nowMs: context.now() });
    await context.database.setMeta(table.TableName, { ...meta, stream: created });
  } else {
    if (!meta.stream) throw new ValidationException(`Table has no stream to disable: TableName: ${table.TableName}`);
    await context.streams.drop(meta.stream.arn);
    await context.database.setMeta(table.TableName, { ...meta, stream: undefined });
  }
}

async function changeIndexes(context: OperationContext, table: TableDescription, changes: IndexUpdate[], attributeDefinitions: AttributeDefinition[]): Promise<void> {
  let indexes = [...(table.GlobalSecondaryIndexes ?? [])];
  const definitions = [...table.AttributeDefinitions];
  for (const definition of attributeDefinitions) {
    const known = definitions.find((d) => d.AttributeName === definition.AttributeName);
    if (known && known.AttributeType !== definition.AttributeType) {
      throw new ValidationException(`One or more parameter values were invalid: Attribute ${definition.AttributeName} is already defined as ${known.AttributeType}`);
    }
    if (!known) definitions.push(definition);
  }
  for (const change of changes) {
    if (change.Delete) {
      if (!indexes.some((index) => index.IndexName === change.Delete!.IndexName)) {
        throw new ResourceNotFoundException(`Requested resource not found: Index: ${change.Delete.IndexName} not found`);
      }
      indexes = indexes.filter((index) => index.IndexName !== change.Delete!.IndexName);
    } else if (change.Create) {
      const create = change.Create;
      if (typeof create.IndexName !== 'string' || !Array.isArray(create.KeySchema) || !create.Projection) {
        throw new ValidationException('One or more parameter values were invalid: IndexName, KeySchema and Projection are required to create an index');
      }
      if (indexes.some((index) => index.IndexName === create.IndexName) || table.LocalSecondaryIndexes?.some((index) => index.IndexName === create.IndexName)) {
        throw new ValidationException(`One or more parameter values were invalid: Index ${create.IndexName} already exists`);
      }
      for (const key of create.KeySchema) {
        if (!definitions.some((d) => d.AttributeName === key.AttributeName)) {
          throw new ValidationException(`One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${create.KeySchema.map((k) => k.AttributeName).join(', ')}], AttributeDefinitions: [${definitions.map((d) => d.AttributeName).join(', ')}]`);
        }
      }
      indexes.push({ IndexName: create.IndexName, KeySchema: create.KeySchema, Projection: create.Projection, ProvisionedThroughput: create.ProvisionedThroughput });
    }
  }
  await replaceIndexes(context.database, table, { AttributeDefinitions: definitions, GlobalSecondaryIndexes: indexes, LocalSecondaryIndexes: table.LocalSecondaryIndexes });
}
