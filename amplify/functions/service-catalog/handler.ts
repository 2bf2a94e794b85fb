import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { serviceNameKey } from '../../domain/text-limits';
import { sameNamed, serviceFields, ServiceNameTakenError, ServiceNotFoundError, type ServiceFields, type ServiceInput } from '../../domain/service-catalog';
import { requireEnv } from '../../shared/caller';
import type { AmplifyResolverEvent } from '../../shared/resolver-event';
import { toResolverError } from '../../shared/resolver-error';

type Args = ServiceInput & { id?: string };
type Service = ServiceFields & { id: string; __typename: 'Service'; createdAt: string; updatedAt: string };

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(), {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * addService / editService: the same text rules as the app's form, and a name no other
 * service has (compared without case or extra spaces). The model's own create and update are
 * closed to users, so every service a person names passes through here.
 */
export const handler = async (event: AmplifyResolverEvent<Args>): Promise<Service> => {
  try {
    return await save(event);
  } catch (error) {
    throw toResolverError(error);
  }
};

async function save(event: AmplifyResolverEvent<Args>): Promise<Service> {
  const table = requireEnv('SERVICE_TABLE_NAME');
  const editing = event.fieldName === 'editService';
  if (!editing && event.fieldName !== 'addService') throw new Error(`service-catalog does not resolve ${event.typeName}.${event.fieldName}`);
  const now = new Date().toISOString();
  let existing: Service | undefined;
  if (editing) {
    const id = event.arguments.id ?? '';
    const found = await documents.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
    if (!found.Item) throw new ServiceNotFoundError(id);
    existing = found.Item as Service;
  }
  const fields = serviceFields(event.arguments, existing);
  const id = existing?.id ?? randomUUID();
  // A consistent scan (a catalog holds tens of services) sees every name, including those of
  // services written before this rule or by functions through the model's API.
  const clash = sameNamed(await allNames(table), fields.name, id);
  if (clash) throw new ServiceNameTakenError(fields.name);

  const item: Service = { ...existing, ...fields, id, __typename: 'Service', createdAt: existing?.createdAt ?? now, updatedAt: now };
  await write(item, existing, { services: table, names: requireEnv('SERVICE_NAME_TABLE_NAME') });
  return item;
}

/**
 * Writes the service and claims its name in one transaction: the name table's item keyed by
 * the name (without case or extra spaces) is what two simultaneous adds or renames cannot both
 * create, where the scan above can pass for both. A claim whose service was deleted meanwhile
 * (the model's own delete does not know about claims) is taken over once.
 */
async function write(item: Service, existing: Service | undefined, tables: { services: string; names: string }): Promise<void> {
  const { services, names } = tables;
  const nameKey = serviceNameKey(item.name);
  const oldKey = existing ? serviceNameKey(existing.name) : undefined;
  let stale: string | undefined;
  for (;;) {
    const claim = {
      Put: {
        TableName: names,
        Item: { nameKey, serviceId: item.id },
        ConditionExpression: stale ? 'serviceId = :holder' : 'attribute_not_exists(nameKey) OR serviceId = :holder',
        ExpressionAttributeValues: { ':holder': stale ?? item.id },
      },
    };
    const release = oldKey !== undefined && oldKey !== nameKey
      ? [{ Delete: { TableName: names, Key: { nameKey: oldKey }, ConditionExpression: 'attribute_not_exists(nameKey) OR serviceId = :self', ExpressionAttributeValues: { ':self': item.id } } }]
      : [];
    const service = {
      Put: {
        TableName: services,
        Item: item,
        // An edit must not resurrect a service deleted meanwhile; a new id must be new.
        ConditionExpression: existing ? 'attribute_exists(id)' : 'attribute_not_exists(id)',
      },
    };
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: [claim, ...release, service] }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[reasons.length - 1]?.Code === 'ConditionalCheckFailed') throw new ServiceNotFoundError(item.id);
      if (reasons[0]?.Code !== 'ConditionalCheckFailed') throw error;
      if (stale) throw new ServiceNameTakenError(item.name);
      stale = await staleClaim(tables, nameKey, item.id);
      if (!stale) throw new ServiceNameTakenError(item.name);
    }
  }
}

/** The service id holding `nameKey` when that service no longer exists (its claim is stale). */
async function staleClaim({ services, names }: { services: string; names: string }, nameKey: string, self: string): Promise<string | undefined> {
  const claim = await documents.send(new GetCommand({ TableName: names, Key: { nameKey }, ConsistentRead: true }));
  const holder = claim.Item?.serviceId as string | undefined;
  if (!holder || holder === self) return undefined;
  const service = await documents.send(new GetCommand({ TableName: services, Key: { id: holder }, ConsistentRead: true }));
  return service.Item ? undefined : holder;
}

async function allNames(table: string): Promise<{ id: string; name?: unknown }[]> {
  const names: { id: string; name?: unknown }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ProjectionExpression: 'id, #name', ExpressionAttributeNames: { '#name': 'name' }, ExclusiveStartKey: start }),
    );
    names.push(...((page.Items ?? []) as { id: string; name?: unknown }[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return names;
}
