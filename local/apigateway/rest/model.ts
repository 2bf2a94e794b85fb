/**
 * REST APIs (API Gateway v1) as the assembly declares them: `AWS::ApiGateway::RestApi` with its
 * resource tree, methods and their integrations, authorizers, stages (and the deployments they
 * point at), gateway responses, API keys and usage plans, read once at start.
 */
import type { AssemblyResource, CloudAssembly } from '../../assembly';
import type { Logger } from '../../reporter';
import type { GatewayResponseType } from '../errors';
import { lambdaFunctionOfUri, stringMap, type ThrottleSettings } from '../model';

export interface IntegrationResponse {
  statusCode: string;
  /** The pattern as declared, and compiled (it must match the whole selector). */
  selectionPatternSource?: string;
  selectionPattern?: RegExp;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  contentHandling?: string;
}

export interface RestIntegration {
  type: 'AWS_PROXY' | 'AWS' | 'MOCK' | 'HTTP' | 'HTTP_PROXY';
  uri?: string;
  httpMethod?: string;
  functionArn?: string;
  credentialsArn?: string;
  requestTemplates: Record<string, string>;
  passthroughBehavior: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  contentHandling?: string;
  integrationResponses: IntegrationResponse[];
  timeoutMs: number;
  notRunnable?: string;
}

export interface RestMethod {
  httpMethod: string;
  authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
  authorizerId?: string;
  authorizationScopes: string[];
  apiKeyRequired: boolean;
  integration?: RestIntegration;
  methodResponses: { statusCode: string; responseParameters: Record<string, boolean> }[];
}

export interface RestResource {
  id: string;
  parentId?: string;
  pathPart: string;
  /** `/items/{proxy+}`. */
  path: string;
  children: RestResource[];
  methods: Map<string, RestMethod>;
}

export interface RestAuthorizer {
  id: string;
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  uri?: string;
  providerArns: string[];
  functionArn?: string;
  credentialsArn?: string;
  /** `method.request.header.Authorization`, comma-separated for REQUEST authorizers. */
  identitySource: string[];
  identityValidationSource?: string;
  identityValidationExpression?: RegExp;
  ttlSeconds: number;
  /** User pool ids of a Cognito authorizer. */
  userPoolIds: string[];
}

export interface RestStage {
  name: string;
  deploymentId?: string;
  variables: Record<string, string>;
  /** Stage-wide throttling (`MethodSettings` for `/*` `*`) and per method (`GET /items`). */
  throttle?: ThrottleSettings;
  methodThrottles: Map<string, ThrottleSettings>;
  /** `TracingEnabled`: the stage records an X-Ray segment for each sampled request. */
  tracingEnabled: boolean;
}

export interface GatewayResponseOverride {
  statusCode?: number;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

export interface RestApiModel {
  id: string;
  name: string;
  description?: string;
  rootResourceId: string;
  root: RestResource;
  resources: Map<string, RestResource>;
  binaryMediaTypes: string[];
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  disableExecuteApiEndpoint: boolean;
  authorizers: Map<string, RestAuthorizer>;
  stages: Map<string, RestStage>;
  gatewayResponses: Map<GatewayResponseType | 'DEFAULT_4XX' | 'DEFAULT_5XX', GatewayResponseOverride>;
  createdDate: Date;
  tags: Record<string, string>;
}

/** REST APIs' default (and maximum) integration timeout. */
const DEFAULT_TIMEOUT_MS = 29_000;

function evaluated(resource: AssemblyResource, log: Logger): Record<string, unknown> | undefined {
  try {
    return resource.properties();
  } catch (error) {
    log.warn(`${resource.type} ${resource.cdkPath} is not run: ${(error as Error).message}`);
    return undefined;
  }
}

function integrationOf(value: unknown): RestIntegration | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const p = value as Record<string, unknown>;
  const type = String(p.Type ?? '').toUpperCase() as RestIntegration['type'];
  const functionArn = type === 'AWS_PROXY' || type === 'AWS' ? lambdaFunctionOfUri(p.Uri) : undefined;
  let notRunnable: string | undefined;
  if (type === 'HTTP' || type === 'HTTP_PROXY') notRunnable = `${type} integrations are not run locally (Lambda proxy and MOCK integrations are)`;
  else if (type === 'AWS' && !functionArn) notRunnable = `AWS service integrations (${String(p.Uri)}) are not run locally`;
  else if (type === 'AWS') notRunnable = 'Lambda custom (non-proxy) integrations are not run locally (Lambda proxy and MOCK integrations are)';
  else if (type === 'AWS_PROXY' && !functionArn) notRunnable = `its URI ${JSON.stringify(p.Uri)} names no Lambda function`;
  const responses = ((p.IntegrationResponses as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
    statusCode: String(r.StatusCode),
    selectionPatternSource: typeof r.SelectionPattern === 'string' && r.SelectionPattern !== '' ? r.SelectionPattern : undefined,
    selectionPattern: typeof r.SelectionPattern === 'string' && r.SelectionPattern !== '' ? new RegExp(`^(?:${r.SelectionPattern})$`, 's') : undefined,
    responseParameters: stringMap(r.ResponseParameters),
    responseTemplates: stringMap(r.ResponseTemplates),
    contentHandling: r.ContentHandling as string | undefined,
  }));
  return {
    type,
    uri: p.Uri as string | undefined,
    httpMethod: p.IntegrationHttpMethod as string | undefined,
    functionArn,
    credentialsArn: p.Credentials as string | undefined,
    requestTemplates: stringMap(p.RequestTemplates),
    passthroughBehavior: (p.PassthroughBehavior as RestIntegration['passthroughBehavior'] | undefined) ?? 'WHEN_NO_MATCH',
    contentHandling: p.ContentHandling as string | undefined,
    integrationResponses: responses,
    timeoutMs: Number(p.TimeoutInMillis ?? DEFAULT_TIMEOUT_MS),
    notRunnable,
  };
}

function methodOf(p: Record<string, unknown>): RestMethod {
  return {
    httpMethod: String(p.HttpMethod).toUpperCase(),
    authorizationType: (String(p.AuthorizationType ?? 'NONE').toUpperCase() as RestMethod['authorizationType']),
    authorizerId: p.AuthorizerId as string | undefined,
    authorizationScopes: ((p.AuthorizationScopes as string[] | undefined) ?? []).map(String),
    apiKeyRequired: p.ApiKeyRequired === true || p.ApiKeyRequired === 'true',
    integration: integrationOf(p.Integration),
    methodResponses: ((p.MethodResponses as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
      statusCode: String(r.StatusCode),
      responseParameters: Object.fromEntries(Object.entries((r.ResponseParameters as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, v === true || v === 'true'])),
    })),
  };
}

function authorizerOf(id: string, p: Record<string, unknown>): RestAuthorizer {
  const type = String(p.Type ?? 'TOKEN').toUpperCase() as RestAuthorizer['type'];
  return {
    id,
    name: String(p.Name ?? id),
    type,
    uri: p.AuthorizerUri as string | undefined,
    providerArns: ((p.ProviderARNs as string[] | undefined) ?? []).map(String),
    functionArn: lambdaFunctionOfUri(p.AuthorizerUri),
    credentialsArn: p.AuthorizerCredentials as string | undefined,
    identitySource: String(p.IdentitySource ?? (type === 'REQUEST' ? '' : 'method.request.header.Authorization'))
      .split(',')
      .map((source) => source.trim())
      .filter(Boolean),
    identityValidationSource: typeof p.IdentityValidationExpression === 'string' ? p.IdentityValidationExpression : undefined,
    identityValidationExpression: typeof p.IdentityValidationExpression === 'string' ? new RegExp(`^(?:${p.IdentityValidationExpression})$`) : undefined,
    ttlSeconds: Number(p.AuthorizerResultTtlInSeconds ?? 300),
    userPoolIds: ((p.ProviderARNs as string[] | undefined) ?? []).map((arn) => String(arn).split('/').pop() ?? ''),
  };
}

function throttleOf(s: { ThrottlingRateLimit?: unknown; ThrottlingBurstLimit?: unknown }): ThrottleSettings | undefined {
  if (s.ThrottlingRateLimit === undefined && s.ThrottlingBurstLimit === undefined) return undefined;
  return { rateLimit: Number(s.ThrottlingRateLimit ?? Infinity), burstLimit: Number(s.ThrottlingBurstLimit ?? Infinity) };
}

function stageOf(name: string, deploymentId: string | undefined, variables: unknown, methodSettings: unknown, tracingEnabled: unknown): RestStage {
  const stage: RestStage = { name, deploymentId, variables: stringMap(variables), methodThrottles: new Map(), tracingEnabled: tracingEnabled === true || tracingEnabled === 'true' };
  for (const setting of (methodSettings as Record<string, unknown>[] | undefined) ?? []) {
    const throttle = throttleOf(setting);
    if (!throttle) continue;
    const path = String(setting.ResourcePath ?? '/*');
    const method = String(setting.HttpMethod ?? '*');
    if (path === '/*' && method === '*') stage.throttle = throttle;
    // MethodSettings name a resource path with `/` escaped as `~1`.
    else stage.methodThrottles.set(`${method} ${path.replace(/~1/g, '/')}`, throttle);
  }
  return stage;
}

/** Reads every REST API of the assembly; what cannot run is named in a warning, never a reason not to start. */
export function loadRestApis(assembly: CloudAssembly, log: Logger): RestApiModel[] {
  const apis = new Map<string, RestApiModel>();
  for (const resource of assembly.ofType('AWS::ApiGateway::RestApi')) {
    const p = evaluated(resource, log);
    if (!p) continue;
    if (p.Body !== undefined || p.BodyS3Location !== undefined || p.CloneFrom !== undefined) {
      log.warn(`REST API ${resource.cdkPath} is not run: it is defined by an OpenAPI document (or cloned), which the local API Gateway does not import`);
      continue;
    }
    if (p.Policy !== undefined) log.warn(`REST API ${resource.cdkPath}: its resource policy is not evaluated locally (identity policies and authorizers are)`);
    const rootResourceId = String(resource.getAtt('RootResourceId'));
    const root: RestResource = { id: rootResourceId, pathPart: '', path: '/', children: [], methods: new Map() };
    apis.set(resource.ref(), {
      id: resource.ref(),
      name: String(p.Name ?? resource.logicalId),
      description: p.Description as string | undefined,
      rootResourceId,
      root,
      resources: new Map([[rootResourceId, root]]),
      binaryMediaTypes: ((p.BinaryMediaTypes as string[] | undefined) ?? []).map((type) => String(type).replace(/~1/g, '/')),
      apiKeySource: p.ApiKeySourceType === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER',
      disableExecuteApiEndpoint: p.DisableExecuteApiEndpoint === true,
      authorizers: new Map(),
      stages: new Map(),
      gatewayResponses: new Map(),
      createdDate: new Date(),
      tags: Object.fromEntries(((p.Tags as { Key: string; Value: string }[] | undefined) ?? []).map((tag) => [tag.Key, tag.Value])),
    });
  }
  const children = (type: string) =>
    assembly.ofType(type).flatMap((resource) => {
      const p = evaluated(resource, log);
      const api = p ? apis.get(String(p.RestApiId)) : undefined;
      return p && api ? [{ resource, p, api }] : [];
    });

  const pending = children('AWS::ApiGateway::Resource');
  for (const { resource, p, api } of pending) {
    api.resources.set(resource.ref(), { id: resource.ref(), parentId: String(p.ParentId), pathPart: String(p.PathPart), path: '', children: [], methods: new Map() });
  }
  for (const api of apis.values()) linkTree(api, log);
  for (const { resource, p, api } of children('AWS::ApiGateway::Method')) {
    const target = api.resources.get(String(p.ResourceId));
    if (!target) {
      log.warn(`method ${resource.cdkPath} of REST API ${api.name} is not run: its resource ${p.ResourceId} is not in the API`);
      continue;
    }
    const method = methodOf(p);
    if (method.integration?.notRunnable) log.warn(`REST API ${api.name}: ${method.httpMethod} ${target.path} answers 500: ${method.integration.notRunnable}`);
    target.methods.set(method.httpMethod, method);
  }
  for (const { resource, p, api } of children('AWS::ApiGateway::Authorizer')) api.authorizers.set(resource.ref(), authorizerOf(resource.ref(), p));
  for (const { p, api } of children('AWS::ApiGateway::Stage')) {
    api.stages.set(String(p.StageName), stageOf(String(p.StageName), p.DeploymentId as string | undefined, p.Variables, p.MethodSettings, p.TracingEnabled));
  }
  // A deployment may make its own stage (`StageName` with `StageDescription`).
  for (const { resource, p, api } of children('AWS::ApiGateway::Deployment')) {
    if (typeof p.StageName !== 'string' || api.stages.has(p.StageName)) continue;
    const description = (p.StageDescription as Record<string, unknown> | undefined) ?? {};
    api.stages.set(p.StageName, stageOf(p.StageName, resource.ref(), description.Variables, description.MethodSettings, description.TracingEnabled));
  }
  for (const { p, api } of children('AWS::ApiGateway::GatewayResponse')) {
    api.gatewayResponses.set(String(p.ResponseType) as GatewayResponseType, {
      statusCode: p.StatusCode === undefined ? undefined : Number(p.StatusCode),
      responseParameters: stringMap(p.ResponseParameters),
      responseTemplates: stringMap(p.ResponseTemplates),
    });
  }
  for (const api of apis.values()) {
    if (api.stages.size === 0) log.warn(`REST API ${api.name} has no stage: it is not deployed, and every request is Forbidden, as on AWS`);
  }
  return [...apis.values()];
}

/** Links each resource to its parent and works out its path; an orphan is named and left out. */
function linkTree(api: RestApiModel, log: Logger): void {
  const resolve = (resource: RestResource, seen: Set<string>): string | undefined => {
    if (resource.path) return resource.path;
    const parent = resource.parentId ? api.resources.get(resource.parentId) : undefined;
    if (!parent || seen.has(resource.id)) return undefined;
    seen.add(resource.id);
    const parentPath = resolve(parent, seen);
    if (parentPath === undefined) return undefined;
    resource.path = `${parentPath === '/' ? '' : parentPath}/${resource.pathPart}`;
    parent.children.push(resource);
    return resource.path;
  };
  for (const resource of [...api.resources.values()]) {
    if (resource === api.root) continue;
    if (resolve(resource, new Set()) === undefined) {
      log.warn(`resource ${resource.pathPart} of REST API ${api.name} is not run: its parent ${resource.parentId} is not in the API`);
      api.resources.delete(resource.id);
    }
  }
}
