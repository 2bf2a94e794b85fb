import type { AssemblyResource, CloudAssembly } from '../../assembly';
import { STREAM_VIEW_TYPES, type StreamViewType } from '../streams/records';

/** The CloudFormation types whose resources are tables. */
export const TABLE_RESOURCE_TYPES = ['AWS::DynamoDB::Table', 'Custom::AmplifyDynamoDBTable'] as const;

/** A table of the assembly, as the local service creates it. */
export interface TableDefinition {
  /** `<stack path>/<logical id>`, for messages. */
  source: string;
  /** The CreateTable request (dynalite's subset: keys, indexes, billing). */
  createTable: Record<string, unknown> & { TableName: string };
  /** The stream the table asks for, with the ARN the assembly gives it (IAM policies and mappings name it). */
  stream?: { viewType: StreamViewType; arn: string };
  ttl?: { attributeName: string };
}

/** A backend whose table definition cannot be run as written. */
export class TableDefinitionError extends Error {
  readonly resolution: string;
  constructor(source: string, problem: string) {
    super(`Table ${source}: ${problem}`);
    this.name = 'TableDefinitionError';
    this.resolution = 'Fix the table in the backend definition (amplify/), then run `npm run synth` again.';
  }
}

type Json = Record<string, unknown>;

/**
 * Upper-cases the first letter of every key, recursively: Amplify's table manager takes
 * CloudFormation's properties in camelCase (`keySchema[].attributeName`), DynamoDB's API
 * wants PascalCase, and some nested blocks are already PascalCase (`provisionedThroughput`).
 */
function pascal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key[0].toUpperCase() + key.slice(1), pascal(v)]));
}

/** Every table of the assembly. */
export function tableDefinitions(assembly: CloudAssembly): TableDefinition[] {
  return assembly.ofType(...TABLE_RESOURCE_TYPES).map(tableDefinition);
}

export function tableDefinition(resource: AssemblyResource): TableDefinition {
  const source = `${resource.stack.path}/${resource.logicalId}`;
  const properties = pascal(resource.properties()) as Json;
  const tableName = resource.ref();
  const createTable: TableDefinition['createTable'] = { TableName: tableName };
  for (const name of ['AttributeDefinitions', 'KeySchema', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'ProvisionedThroughput'] as const) {
    if (properties[name] !== undefined) createTable[name] = properties[name];
  }
  if (!Array.isArray(createTable.KeySchema) || !Array.isArray(createTable.AttributeDefinitions)) {
    throw new TableDefinitionError(source, 'it has no KeySchema or AttributeDefinitions');
  }
  // Without capacity settings CloudFormation would refuse the table; locally on-demand is the
  // only thing it can sensibly mean (Amplify's tables are on-demand).
  createTable.BillingMode = properties.BillingMode ?? (properties.ProvisionedThroughput ? 'PROVISIONED' : 'PAY_PER_REQUEST');
  if (createTable.BillingMode === 'PAY_PER_REQUEST') {
    delete createTable.ProvisionedThroughput;
    for (const index of (createTable.GlobalSecondaryIndexes ?? []) as Json[]) delete index.ProvisionedThroughput;
  }

  const definition: TableDefinition = { source, createTable };
  const streamSpec = properties.StreamSpecification as Json | undefined;
  if (streamSpec?.StreamViewType !== undefined && streamSpec.StreamEnabled !== false) {
    const viewType = streamSpec.StreamViewType as StreamViewType;
    if (!STREAM_VIEW_TYPES.includes(viewType)) throw new TableDefinitionError(source, `unknown StreamViewType ${String(viewType)} (one of ${STREAM_VIEW_TYPES.join(', ')})`);
    const arn = resource.getAtt(resource.type === 'AWS::DynamoDB::Table' ? 'StreamArn' : 'TableStreamArn');
    if (typeof arn !== 'string') throw new TableDefinitionError(source, 'it has a StreamSpecification but no stream ARN');
    definition.stream = { viewType, arn };
  }
  const ttlSpec = properties.TimeToLiveSpecification as Json | undefined;
  if (ttlSpec && ttlSpec.Enabled !== false && ttlSpec.Enabled !== 'false') {
    if (typeof ttlSpec.AttributeName !== 'string' || ttlSpec.AttributeName === '') throw new TableDefinitionError(source, 'TimeToLiveSpecification is enabled without an AttributeName');
    definition.ttl = { attributeName: ttlSpec.AttributeName };
  }
  return definition;
}
