import type { GraphQLSchema } from 'graphql';
import type { AssemblyResource, CloudAssembly } from '../../assembly';
import { AssemblyError } from '../../assembly';
import { EXECUTION_LIMITS, type ApiLimits } from '../execution/budget';
import { buildAppSyncSchema } from '../schema/build-schema';
import { readS3LocationAsset } from './assets';
import {
  AuthenticationType,
  type ApiKeyConfig,
  type AuthProvider,
  type DataSourceConfig,
  type FunctionConfig,
  type HandlerCode,
  type ResolverConfig,
  type RuntimeName,
} from './config';

type Props = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Props | undefined => (value && typeof value === 'object' ? (value as Props) : undefined);

/**
 * One GraphQL API of the assembly (`AWS::AppSync::GraphQLApi` and the schema,
 * keys, data sources, functions and resolvers that name its ApiId), with a
 * resolver registry keyed `Type.field`.
 * @example
 * const api = GraphQLApiModel.fromAssembly(assembly)[0];
 * api.resolver('Query', 'getIncident')?.kind; // 'PIPELINE'
 */
export class GraphQLApiModel {
  readonly resolvers = new Map<string, ResolverConfig>();
  readonly dataSources = new Map<string, DataSourceConfig>();
  readonly functions = new Map<string, FunctionConfig>();

  private constructor(
    readonly apiId: string,
    readonly arn: string,
    readonly name: string,
    readonly schema: GraphQLSchema,
    readonly defaultAuth: AuthProvider,
    readonly additionalAuth: AuthProvider[],
    readonly apiKeys: ApiKeyConfig[],
    /** `QueryDepthLimit` and `ResolverCountLimit`, as AppSync reads them. */
    readonly limits: ApiLimits,
  ) {}

  /** Every GraphQL API of the assembly. */
  static fromAssembly(assembly: CloudAssembly): GraphQLApiModel[] {
    const all = assembly.ofType(
      'AWS::AppSync::GraphQLApi',
      'AWS::AppSync::GraphQLSchema',
      'AWS::AppSync::ApiKey',
      'AWS::AppSync::DataSource',
      'AWS::AppSync::FunctionConfiguration',
      'AWS::AppSync::Resolver',
    );
    const byApi = (type: string, apiId: string) => all.filter((r) => r.type === type && r.properties().ApiId === apiId);
    return all
      .filter((r) => r.type === 'AWS::AppSync::GraphQLApi')
      .map((api) => GraphQLApiModel.load(assembly, api, (type) => byApi(type, String(api.getAtt('ApiId')))));
  }

  private static load(assembly: CloudAssembly, api: AssemblyResource, ofType: (type: string) => AssemblyResource[]): GraphQLApiModel {
    const apiId = String(api.getAtt('ApiId'));
    const props = api.properties();
    const schemas = ofType('AWS::AppSync::GraphQLSchema');
    if (schemas.length !== 1) {
      throw new AssemblyError(`GraphQL API ${apiId} (${api.logicalId}) has ${schemas.length} AWS::AppSync::GraphQLSchema resources; expected one`);
    }
    const schemaProps = schemas[0].properties();
    const definition = str(schemaProps.Definition) ?? (str(schemaProps.DefinitionS3Location) && readS3LocationAsset(assembly, String(schemaProps.DefinitionS3Location)));
    if (!definition) throw new AssemblyError(`The schema of GraphQL API ${apiId} has neither Definition nor DefinitionS3Location`);

    const model = new GraphQLApiModel(
      apiId,
      String(api.ref()),
      str(props.Name) ?? apiId,
      buildAppSyncSchema(definition),
      authProvider(props, apiId),
      (Array.isArray(props.AdditionalAuthenticationProviders) ? props.AdditionalAuthenticationProviders : []).map((p) => authProvider(obj(p) ?? {}, apiId)),
      ofType('AWS::AppSync::ApiKey').map((key) => {
        const keyProps = key.properties();
        // CloudFormation's default expiry is 7 days after creation.
        const expires = typeof keyProps.Expires === 'number' ? keyProps.Expires : Math.floor(Date.now() / 1000) + 7 * 86400;
        return { id: String(key.getAtt('ApiKeyId')), value: String(key.getAtt('ApiKey')), expires };
      }),
      apiLimits(props),
    );

    for (const ds of ofType('AWS::AppSync::DataSource')) {
      const p = ds.properties();
      const dynamo = obj(p.DynamoDBConfig);
      const lambda = obj(p.LambdaConfig);
      const http = obj(p.HttpConfig);
      const config: DataSourceConfig = {
        name: String(p.Name),
        type: String(p.Type),
        serviceRoleArn: str(p.ServiceRoleArn),
        dynamodb: dynamo && { tableName: String(dynamo.TableName), region: str(dynamo.AwsRegion), versioned: dynamo.Versioned === true },
        lambda: lambda && { functionArn: String(lambda.LambdaFunctionArn) },
        http: http && { endpoint: String(http.Endpoint) },
      };
      model.dataSources.set(config.name, config);
    }

    for (const fn of ofType('AWS::AppSync::FunctionConfiguration')) {
      const p = fn.properties();
      const name = str(p.Name) ?? fn.logicalId;
      const config: FunctionConfig = {
        id: String(fn.getAtt('FunctionId')),
        name,
        dataSourceName: String(p.DataSourceName),
        code: handlerCode(assembly, p, `function ${name}`),
        maxBatchSize: typeof p.MaxBatchSize === 'number' ? p.MaxBatchSize : 0,
      };
      model.functions.set(config.id, config);
    }

    for (const resolver of ofType('AWS::AppSync::Resolver')) {
      const p = resolver.properties();
      const typeName = String(p.TypeName);
      const fieldName = String(p.FieldName);
      const key = `${typeName}.${fieldName}`;
      const kind = p.Kind === 'PIPELINE' ? 'PIPELINE' : 'UNIT';
      const functionIds = (obj(p.PipelineConfig)?.Functions as unknown[] | undefined) ?? [];
      const functions = functionIds.map((id) => {
        const found = model.functions.get(String(id));
        if (!found) throw new AssemblyError(`Resolver ${key} names pipeline function ${String(id)}, which is not in GraphQL API ${apiId}`);
        return found;
      });
      const config: ResolverConfig = {
        typeName,
        fieldName,
        kind,
        dataSourceName: kind === 'UNIT' ? str(p.DataSourceName) : undefined,
        code: handlerCode(assembly, p, `resolver ${key}`),
        functions,
        maxBatchSize: typeof p.MaxBatchSize === 'number' ? p.MaxBatchSize : 0,
      };
      if (kind === 'UNIT' && !config.dataSourceName) throw new AssemblyError(`Unit resolver ${key} names no DataSourceName`);
      model.resolvers.set(key, config);
    }
    return model;
  }

  /** The resolver attached to `Type.field`, if any. */
  resolver(typeName: string, fieldName: string): ResolverConfig | undefined {
    return this.resolvers.get(`${typeName}.${fieldName}`);
  }

  /** Every provider: the default first. */
  get authProviders(): AuthProvider[] {
    return [this.defaultAuth, ...this.additionalAuth];
  }

  provider(type: AuthenticationType): AuthProvider | undefined {
    return this.authProviders.find((p) => p.type === type);
  }
}

/** 0 or unset: no depth limit, and 10,000 resolvers (AppSync's defaults). */
function apiLimits(props: Props): ApiLimits {
  const positive = (value: unknown) => (typeof value === 'number' && value > 0 ? value : undefined);
  return { queryDepth: positive(props.QueryDepthLimit), resolverCount: positive(props.ResolverCountLimit) ?? EXECUTION_LIMITS.resolverCount };
}

function authProvider(p: Props, apiId: string): AuthProvider {
  const type = String(p.AuthenticationType) as AuthenticationType;
  if (!Object.values(AuthenticationType).includes(type)) {
    throw new AssemblyError(`GraphQL API ${apiId} uses authentication type ${String(p.AuthenticationType)}, which AppSync does not define`);
  }
  const userPool = obj(p.UserPoolConfig);
  const oidc = obj(p.OpenIDConnectConfig);
  const lambda = obj(p.LambdaAuthorizerConfig);
  return {
    type,
    userPool: userPool && {
      userPoolId: String(userPool.UserPoolId),
      appIdClientRegex: str(userPool.AppIdClientRegex),
      defaultAction: userPool.DefaultAction === 'DENY' ? 'DENY' : 'ALLOW',
    },
    openIDConnect: oidc && {
      issuer: String(oidc.Issuer),
      clientId: str(oidc.ClientId),
      iatTTL: Number(oidc.IatTTL ?? 0),
      authTTL: Number(oidc.AuthTTL ?? 0),
    },
    lambda: lambda && {
      functionArn: String(lambda.AuthorizerUri),
      identityValidationExpression: str(lambda.IdentityValidationExpression),
      ttlSeconds: Number(lambda.AuthorizerResultTtlInSeconds ?? 300),
    },
  };
}

function handlerCode(assembly: CloudAssembly, p: Props, location: string): HandlerCode {
  const runtime = obj(p.Runtime);
  const name: RuntimeName = runtime?.Name === 'APPSYNC_JS' ? 'APPSYNC_JS' : 'VTL';
  if (runtime && runtime.Name !== 'APPSYNC_JS') {
    throw new AssemblyError(`${location} uses runtime ${String(runtime.Name)}; AppSync runs APPSYNC_JS or VTL`);
  }
  const read = (inline: unknown, s3: unknown) =>
    str(inline) ?? (str(s3) ? readS3LocationAsset(assembly, String(s3)) : undefined);
  if (name === 'APPSYNC_JS') {
    const code = read(p.Code, p.CodeS3Location);
    if (!code) throw new AssemblyError(`${location} is APPSYNC_JS but has neither Code nor CodeS3Location`);
    return { runtime: name, request: code, response: code, location };
  }
  return {
    runtime: name,
    request: read(p.RequestMappingTemplate, p.RequestMappingTemplateS3Location),
    response: read(p.ResponseMappingTemplate, p.ResponseMappingTemplateS3Location),
    location,
  };
}
