import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CreateSecretCommand, PutSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { INTEGRATION_KINDS, type IntegrationKind } from '../../domain/alert-payloads';
import { SEVERITIES, type Severity } from '../../domain/alert-dedup';
import { integrationSecretName, newTokenSecret, ROTATION_GRACE_MS } from '../../domain/integration-token';
import { requireText, ValidationError } from '../../domain/text-limits';
import { requireEnv } from '../../shared/caller';
import type { AmplifyResolverEvent } from '../../shared/resolver-event';
import { ResolverError, toResolverError } from '../../shared/resolver-error';

interface CreateArgs {
  name: string;
  kind: IntegrationKind;
  serviceId: string;
  defaultSeverity: Severity;
  autoResolve?: boolean | null;
}
interface RotateArgs {
  id: string;
}

/** What the caller sees once: the token is never stored anywhere it can be read back from the API. */
interface IntegrationToken {
  integrationId: string;
  token: string;
  issuedAt: string;
  previousTokenValidUntil: string | null;
}

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(), { marshallOptions: { removeUndefinedValues: true } });
const secrets = new SecretsManagerClient();

export const handler = async (event: AmplifyResolverEvent<CreateArgs | RotateArgs>): Promise<IntegrationToken> => {
  try {
    if (event.fieldName === 'addIntegration') return await create(event.arguments as CreateArgs);
    if (event.fieldName === 'rotateIntegrationToken') return await rotate(event.arguments as RotateArgs);
    throw new Error(`integrations does not resolve ${event.typeName}.${event.fieldName}`);
  } catch (error) {
    throw toResolverError(error);
  }
};

async function create(args: CreateArgs): Promise<IntegrationToken> {
  const name = requireText(args.name, 'Name', 'serviceName');
  if (!INTEGRATION_KINDS.includes(args.kind)) throw new ValidationError(`Kind must be one of ${INTEGRATION_KINDS.join(', ')}`);
  if (!SEVERITIES.includes(args.defaultSeverity)) throw new ValidationError(`Default severity must be one of ${SEVERITIES.join(', ')}`);
  const service = await documents.send(new GetCommand({ TableName: requireEnv('SERVICE_TABLE_NAME'), Key: { id: args.serviceId } }));
  if (!service.Item) throw new ResolverError('NotFound', `Service ${args.serviceId} does not exist`);

  const id = randomUUID();
  const now = new Date();
  const secret = newTokenSecret(now);
  // The secret first: an integration whose item exists always has a token (rotation can replace a lost one).
  await secrets.send(
    new CreateSecretCommand({
      Name: integrationSecretName(id),
      Description: `Webhook token of Flare integration "${name}"`,
      SecretString: JSON.stringify(secret),
      ClientRequestToken: randomUUID(),
    }),
  );
  await documents.send(
    new PutCommand({
      TableName: requireEnv('INTEGRATION_TABLE_NAME'),
      Item: {
        id,
        __typename: 'Integration',
        name,
        kind: args.kind,
        serviceId: args.serviceId,
        defaultSeverity: args.defaultSeverity,
        enabled: true,
        autoResolve: args.autoResolve ?? false,
        tokenIssuedAt: secret.issuedAt,
        createdAt: secret.issuedAt,
        updatedAt: secret.issuedAt,
      },
      ConditionExpression: 'attribute_not_exists(id)',
    }),
  );
  return { integrationId: id, token: secret.token, issuedAt: secret.issuedAt, previousTokenValidUntil: null };
}

async function rotate({ id }: RotateArgs): Promise<IntegrationToken> {
  const table = requireEnv('INTEGRATION_TABLE_NAME');
  const found = await documents.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
  if (!found.Item) throw new ResolverError('NotFound', `Integration ${id} does not exist`);
  const now = new Date();
  const secret = newTokenSecret(now);
  try {
    // The new value becomes AWSCURRENT; Secrets Manager moves AWSPREVIOUS onto the one before.
    await secrets.send(new PutSecretValueCommand({ SecretId: integrationSecretName(id), SecretString: JSON.stringify(secret), ClientRequestToken: randomUUID() }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await secrets.send(new CreateSecretCommand({ Name: integrationSecretName(id), SecretString: JSON.stringify(secret), ClientRequestToken: randomUUID() }));
  }
  await documents.send(
    new UpdateCommand({
      TableName: table,
      Key: { id },
      UpdateExpression: 'SET tokenIssuedAt = :now, updatedAt = :now',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeValues: { ':now': secret.issuedAt },
    }),
  );
  return {
    integrationId: id,
    token: secret.token,
    issuedAt: secret.issuedAt,
    previousTokenValidUntil: new Date(now.getTime() + ROTATION_GRACE_MS).toISOString(),
  };
}
