import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
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
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: item,
        // An edit must not resurrect a service deleted meanwhile; a new id must be new.
        ConditionExpression: editing ? 'attribute_exists(id)' : 'attribute_not_exists(id)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ServiceNotFoundError(id);
    throw error;
  }
  return item;
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
