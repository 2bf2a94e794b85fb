/**
 * The resolvers of a real cloud assembly (Flare's, from `npm run synth`) as the
 * runtimes see them — every request/response template and JS module, pipelines
 * in order — plus small factories for representative contexts (an identity per
 * auth mode, arguments and items shaped by the schema) and a pipeline driver
 * with stand-in data sources. Used by the all-templates test and the bench.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  parse,
  type DocumentNode,
  type EnumTypeDefinitionNode,
  type FieldDefinitionNode,
  type InputObjectTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { CloudAssembly } from '../../../../../local/assembly';
import type { AppSyncIdentity, Evaluation, ResolverContext, ResolverRuntime } from '../../../../../local/appsync/runtime/types';

export const ASSEMBLY_DIR = fileURLToPath(new URL('../../../../../.amplify/local/cdk.out', import.meta.url));

export interface Handler {
  runtime: 'VTL' | 'APPSYNC_JS';
  request?: string;
  response?: string;
  location: string;
  dataSourceType: string;
}

export interface PipelineResolver {
  typeName: string;
  fieldName: string;
  before: Handler;
  functions: Handler[];
}

export interface AssemblyResolvers {
  resolvers: PipelineResolver[];
  schema: DocumentNode;
}

function readAsset(assembly: CloudAssembly, location: unknown): string {
  const key = String(location).split('/').pop()!;
  const direct = path.join(assembly.dir, `asset.${key}`);
  if (existsSync(direct)) return readFileSync(direct, 'utf8');
  return readFileSync(assembly.assetPath(key.replace(/\.[^.]+$/, '')), 'utf8');
}

function code(assembly: CloudAssembly, properties: Record<string, unknown>, kind: 'Request' | 'Response'): string | undefined {
  const inline = properties[`${kind}MappingTemplate`];
  if (typeof inline === 'string') return inline;
  const location = properties[`${kind}MappingTemplateS3Location`];
  return location === undefined ? undefined : readAsset(assembly, location);
}

function jsCode(assembly: CloudAssembly, properties: Record<string, unknown>): string | undefined {
  if (typeof properties.Code === 'string') return properties.Code;
  return properties.CodeS3Location === undefined ? undefined : readAsset(assembly, properties.CodeS3Location);
}

/** Every pipeline resolver of the assembly with its handlers, and the schema. */
export function loadAssemblyResolvers(dir = ASSEMBLY_DIR): AssemblyResolvers {
  const assembly = CloudAssembly.load({ dir, endpoint: 'http://127.0.0.1:4566', seed: 'appsync-runtimes' });
  const dataSourceTypes = new Map<string, string>();
  for (const source of assembly.ofType('AWS::AppSync::DataSource')) {
    const properties = source.properties();
    dataSourceTypes.set(String(properties.Name), String(properties.Type));
  }
  const functions = new Map<string, Handler>();
  for (const fn of assembly.ofType('AWS::AppSync::FunctionConfiguration')) {
    const properties = fn.properties();
    const runtime = (properties.Runtime as { Name?: string } | undefined)?.Name === 'APPSYNC_JS' ? 'APPSYNC_JS' : 'VTL';
    const name = String(properties.Name);
    const js = runtime === 'APPSYNC_JS' ? jsCode(assembly, properties) : undefined;
    functions.set(String(fn.getAtt('FunctionId')), {
      runtime,
      request: js ?? code(assembly, properties, 'Request'),
      response: js ?? code(assembly, properties, 'Response'),
      location: `function ${name}`,
      dataSourceType: dataSourceTypes.get(String(properties.DataSourceName)) ?? 'UNKNOWN',
    });
  }
  const resolvers: PipelineResolver[] = [];
  for (const resolver of assembly.ofType('AWS::AppSync::Resolver')) {
    const properties = resolver.properties();
    const typeName = String(properties.TypeName);
    const fieldName = String(properties.FieldName);
    const runtime = (properties.Runtime as { Name?: string } | undefined)?.Name === 'APPSYNC_JS' ? 'APPSYNC_JS' : 'VTL';
    const js = runtime === 'APPSYNC_JS' ? jsCode(assembly, properties) : undefined;
    const ids = ((properties.PipelineConfig as { Functions?: string[] } | undefined)?.Functions ?? []).map(String);
    resolvers.push({
      typeName,
      fieldName,
      before: {
        runtime,
        request: js ?? code(assembly, properties, 'Request'),
        response: js ?? code(assembly, properties, 'Response'),
        location: `${typeName}.${fieldName}`,
        dataSourceType: 'NONE',
      },
      functions: ids.map((id) => {
        const fn = functions.get(id);
        if (!fn) throw new Error(`${typeName}.${fieldName} names pipeline function ${id}, which the assembly lacks`);
        return fn;
      }),
    });
  }
  const schemaResource = assembly.ofType('AWS::AppSync::GraphQLSchema')[0];
  const schemaText = readAsset(assembly, schemaResource.properties().DefinitionS3Location);
  return { resolvers, schema: parse(schemaText) };
}

// ---------------------------------------------------------------- identities

export type AuthModeName = 'apiKey' | 'userPoolAdmin' | 'userPoolResponder' | 'userPoolNoGroup' | 'iamFunction' | 'iamIdentityPoolAuth' | 'iamIdentityPoolUnauth' | 'oidc' | 'lambda';

export const AUTH_MODES: AuthModeName[] = ['apiKey', 'userPoolAdmin', 'userPoolResponder', 'userPoolNoGroup', 'iamFunction', 'iamIdentityPoolAuth', 'iamIdentityPoolUnauth', 'oidc', 'lambda'];

/** `$ctx.identity` and `$util.authType()` as AppSync gives them for each mode. */
export function identityFor(mode: AuthModeName): { identity: AppSyncIdentity; authType: ResolverContext['authType'] } {
  const userPool = (groups: string[] | null) => {
    const claims: Record<string, unknown> = {
      sub: 'sub-1', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool', 'cognito:username': 'alice', username: 'alice',
      email: 'alice@example.com', token_use: 'id', aud: 'client-1', auth_time: 1, exp: 2, iat: 1,
    };
    if (groups) claims['cognito:groups'] = groups;
    return {
      identity: { sub: 'sub-1', issuer: claims.iss, username: 'alice', claims, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups },
      authType: 'User Pool Authorization' as const,
    };
  };
  const iam = (pool: 'authenticated' | 'unauthenticated' | null) => ({
    identity: {
      accountId: '000000000000',
      cognitoIdentityPoolId: pool ? 'us-east-1:pool' : null,
      cognitoIdentityId: pool ? 'us-east-1:identity' : null,
      sourceIp: ['127.0.0.1'],
      username: 'AROAEXAMPLE:session',
      userArn: 'arn:aws:sts::000000000000:assumed-role/fn-role/session',
      cognitoIdentityAuthType: pool,
      cognitoIdentityAuthProvider: pool === 'authenticated' ? '"cognito-idp.us-east-1.amazonaws.com/us-east-1_pool","cognito-idp.us-east-1.amazonaws.com/us-east-1_pool:CognitoSignIn:sub-1"' : null,
    },
    authType: 'IAM Authorization' as const,
  });
  switch (mode) {
    case 'apiKey': return { identity: null, authType: 'API Key Authorization' };
    case 'userPoolAdmin': return userPool(['ADMINS']);
    case 'userPoolResponder': return userPool(['RESPONDERS']);
    case 'userPoolNoGroup': return userPool(null);
    case 'iamFunction': return iam(null);
    case 'iamIdentityPoolAuth': return iam('authenticated');
    case 'iamIdentityPoolUnauth': return iam('unauthenticated');
    case 'oidc': return { identity: { claims: { sub: 'oidc-1', iss: 'https://issuer' }, issuer: 'https://issuer', sub: 'oidc-1' }, authType: 'Open ID Connect Authorization' };
    case 'lambda': return { identity: { resolverContext: { tenant: 't1' } }, authType: 'Lambda Authorization' };
  }
}

// ---------------------------------------------------------------- values from the schema

const SCALARS: Record<string, unknown> = {
  ID: 'id-1', String: 'text', Int: 1, Float: 1.5, Boolean: true,
  AWSDateTime: '2026-01-02T03:04:05.000Z', AWSDate: '2026-01-02', AWSTime: '03:04:05.000Z', AWSTimestamp: 1767323045,
  AWSEmail: 'a@example.com', AWSJSON: '{"a":1}', AWSURL: 'https://example.com', AWSPhone: '+15555550100', AWSIPAddress: '127.0.0.1',
};

export class SchemaValues {
  private readonly inputs = new Map<string, InputObjectTypeDefinitionNode>();
  private readonly enums = new Map<string, EnumTypeDefinitionNode>();
  private readonly objects = new Map<string, ObjectTypeDefinitionNode>();

  constructor(schema: DocumentNode) {
    for (const definition of schema.definitions) {
      if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) this.inputs.set(definition.name.value, definition);
      if (definition.kind === Kind.ENUM_TYPE_DEFINITION) this.enums.set(definition.name.value, definition);
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
        const existing = this.objects.get(definition.name.value);
        this.objects.set(definition.name.value, existing ? { ...existing, fields: [...(existing.fields ?? []), ...(definition.fields ?? [])] } : (definition as ObjectTypeDefinitionNode));
      }
    }
  }

  field(typeName: string, fieldName: string): FieldDefinitionNode | undefined {
    return this.objects.get(typeName)?.fields?.find((f) => f.name.value === fieldName);
  }

  /**
   * Whether the schema's `@aws_*` directives let a caller of this mode reach the
   * field (the field's own directives, else its type's, else the default mode);
   * the engine refuses the others before any resolver runs.
   */
  allows(typeName: string, fieldName: string, mode: AuthModeName): boolean {
    const auth = (directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: unknown }[] }[] | undefined) =>
      (directives ?? []).filter((d) => ['aws_api_key', 'aws_iam', 'aws_cognito_user_pools', 'aws_oidc', 'aws_lambda'].includes(d.name.value));
    const fieldDirectives = auth(this.field(typeName, fieldName)?.directives);
    const directives = fieldDirectives.length ? fieldDirectives : auth(this.objects.get(typeName)?.directives);
    const wanted: Record<AuthModeName, string> = {
      apiKey: 'aws_api_key', userPoolAdmin: 'aws_cognito_user_pools', userPoolResponder: 'aws_cognito_user_pools', userPoolNoGroup: 'aws_cognito_user_pools',
      iamFunction: 'aws_iam', iamIdentityPoolAuth: 'aws_iam', iamIdentityPoolUnauth: 'aws_iam', oidc: 'aws_oidc', lambda: 'aws_lambda',
    };
    if (!directives.length) return wanted[mode] === 'aws_cognito_user_pools';
    const directive = directives.find((d) => d.name.value === wanted[mode]);
    if (!directive) return false;
    const groups = directive.arguments?.find((a) => a.name.value === 'cognito_groups');
    if (!groups) return true;
    const listed = ((groups.value as { values?: { value: string }[] }).values ?? []).map((v) => v.value);
    const mine = mode === 'userPoolAdmin' ? ['ADMINS'] : mode === 'userPoolResponder' ? ['RESPONDERS'] : [];
    return mine.some((group) => listed.includes(group));
  }

  /** Arguments for a field: every argument (`full`) or only the required ones. */
  args(typeName: string, fieldName: string, full: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const arg of this.field(typeName, fieldName)?.arguments ?? []) {
      if (!full && arg.type.kind !== Kind.NON_NULL_TYPE) continue;
      out[arg.name.value] = this.value(arg.type, arg.name.value, full ? 3 : 1, full, false);
    }
    return out;
  }

  /** `subscription`: inside a subscription filter, which has no attributeType or size operators. */
  private value(type: TypeNode, name: string, depth: number, full: boolean, subscription: boolean): unknown {
    if (type.kind === Kind.NON_NULL_TYPE) return this.value(type.type, name, depth, full, subscription);
    if (name === 'between' || name === 'in' || name === 'notIn') {
      const item = this.value(type.kind === Kind.LIST_TYPE ? type.type : type, 'item', depth, full, subscription);
      return [item, item];
    }
    if (type.kind === Kind.LIST_TYPE) return [this.value(type.type, name, depth, full, subscription)];
    const typeName = type.name.value;
    if (name === 'sortDirection') return 'DESC';
    if (name === 'owner' && typeName === 'String') return 'sub-1::alice';
    if (typeName in SCALARS) return SCALARS[typeName];
    const enumType = this.enums.get(typeName);
    if (enumType) return enumType.values?.[0]?.name.value ?? null;
    const input = this.inputs.get(typeName);
    if (!input) return null;
    if (depth <= 0) return {};
    const inSubscription = subscription || typeName.startsWith('ModelSubscription');
    const out: Record<string, unknown> = {};
    for (const field of input.fields ?? []) {
      const inner = field.name.value;
      if (inner === 'and' || inner === 'or' || inner === 'not') {
        if (depth > 2) out[inner] = this.value(field.type, inner, depth - 2, full, inSubscription);
        continue;
      }
      if (inSubscription && (inner === 'attributeType' || inner === 'size')) continue;
      if (!full && field.type.kind !== Kind.NON_NULL_TYPE) continue;
      out[inner] = this.value(field.type, inner, depth - 1, full, inSubscription);
    }
    return out;
  }

  /** A stored item of a model type: every scalar field, owner fields as `sub::username`. */
  item(typeName: string): Record<string, unknown> {
    const out: Record<string, unknown> = { __typename: typeName };
    for (const field of this.objects.get(typeName)?.fields ?? []) {
      let type = field.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      const name = type.name.value;
      if (field.name.value === 'owner') out.owner = 'sub-1::alice';
      else if (name in SCALARS) out[field.name.value] = SCALARS[name];
      else if (this.enums.has(name)) out[field.name.value] = this.enums.get(name)!.values?.[0]?.name.value ?? null;
    }
    return out;
  }

  /** The model type a field returns (`Incident` for `getIncident`, `ModelIncidentConnection` → `Incident`). */
  returnedModel(typeName: string, fieldName: string): string | undefined {
    let type = this.field(typeName, fieldName)?.type;
    while (type && type.kind !== Kind.NAMED_TYPE) type = type.type;
    const name = type?.name.value;
    if (!name) return undefined;
    const connection = /^Model(\w+)Connection$/.exec(name);
    return connection ? connection[1] : this.objects.has(name) ? name : undefined;
  }
}

// ---------------------------------------------------------------- driving a pipeline

export interface PipelineOutcome {
  value: unknown;
  /** The request each function sent to its data source, in order. */
  requests: unknown[];
  evaluations: Evaluation[];
}

/** What a stand-in data source answers for a request. */
export function fakeDataSourceResult(dataSourceType: string, request: unknown, item: Record<string, unknown>): unknown {
  const req = (request ?? {}) as Record<string, unknown>;
  if (dataSourceType === 'NONE') return req.payload ?? null;
  if (dataSourceType === 'AWS_LAMBDA') return item;
  switch (req.operation) {
    case 'Query':
    case 'Scan':
    case 'Sync':
      return { items: [item], nextToken: null, scannedCount: 1, startedAt: null };
    case 'BatchGetItem':
      return { data: {}, unprocessedKeys: {} };
    case 'TransactWriteItems':
      return { keys: [] };
    default:
      return item;
  }
}

/**
 * Runs a pipeline resolver as AppSync does — before, each function (request →
 * stand-in data source → response), after — with any runtime per handler.
 */
export function runPipeline(
  resolver: PipelineResolver,
  context: ResolverContext,
  runtimes: Record<'VTL' | 'APPSYNC_JS', ResolverRuntime>,
  item: Record<string, unknown>,
): PipelineOutcome {
  const requests: unknown[] = [];
  const evaluations: Evaluation[] = [];
  const evaluate = (handler: Handler, phase: 'request' | 'response') => {
    const runtime = runtimes[handler.runtime];
    const text = phase === 'request' ? handler.request : handler.response;
    if (text === undefined) throw new Error(`${handler.location} has no ${phase} handler`);
    const evaluation = phase === 'request' ? runtime.request(text, context, handler.location) : runtime.response(text, context, handler.location);
    evaluations.push(evaluation);
    return evaluation;
  };
  const before = evaluate(resolver.before, 'request');
  if (before.returned) return { value: before.value, requests, evaluations };
  context.prev = { result: before.value };
  for (const fn of resolver.functions) {
    context.result = undefined;
    context.error = null;
    const request = evaluate(fn, 'request');
    if (request.returned) {
      context.prev = { result: request.value };
      continue;
    }
    requests.push(request.value);
    context.result = fakeDataSourceResult(fn.dataSourceType, request.value, structuredClone(item));
    context.error = null;
    context.prev = { result: evaluate(fn, 'response').value };
  }
  context.result = context.prev.result;
  context.error = null;
  return { value: evaluate(resolver.before, 'response').value, requests, evaluations };
}

/** A fresh context for a field and auth mode. */
export function contextFor(resolver: PipelineResolver, mode: AuthModeName, args: Record<string, unknown>, source: Record<string, unknown> | null): ResolverContext {
  const { identity, authType } = identityFor(mode);
  return {
    arguments: structuredClone(args),
    source: source ? structuredClone(source) : null,
    identity,
    request: { headers: { 'x-api-key': 'da2-local' }, domainName: null },
    info: { fieldName: resolver.fieldName, parentTypeName: resolver.typeName, variables: {}, selectionSetList: ['id'], selectionSetGraphQL: '{ id }' },
    stash: {},
    outErrors: [],
    authType,
  };
}
