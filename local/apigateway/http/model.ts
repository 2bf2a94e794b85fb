/**
 * HTTP APIs (API Gateway v2) as the assembly declares them: `AWS::ApiGatewayV2::Api` with its
 * routes, integrations, authorizers and stages (or the API's quick-create `Target`), read once
 * at start into the shape requests are served from.
 */
import type { AssemblyResource, CloudAssembly } from '../../assembly';
import type { Logger } from '../../reporter';
import { lambdaFunctionOfUri, stringMap, type ThrottleSettings } from '../model';

export interface CorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

/** One segment of a route's path: a literal, `{name}`, or the greedy `{name+}` (last only). */
export type RouteSegment = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface HttpRoute {
  id: string;
  /** `GET /items`, `ANY /items/{proxy+}`, `$default`. */
  routeKey: string;
  /** Undefined for `$default`. */
  method?: string;
  path?: string;
  segments: RouteSegment[];
  authorizationType: 'NONE' | 'AWS_IAM' | 'JWT' | 'CUSTOM';
  authorizerId?: string;
  authorizationScopes: string[];
  integrationId?: string;
}

export interface HttpIntegration {
  id: string;
  type: string;
  uri?: string;
  subtype?: string;
  /** The Lambda function of an `AWS_PROXY` integration. */
  functionArn?: string;
  payloadFormatVersion: '1.0' | '2.0';
  timeoutMs: number;
  /** A role API Gateway assumes to invoke the function (then no resource policy is needed). */
  credentialsArn?: string;
  /** Why the local cloud cannot run it, when it cannot. */
  notRunnable?: string;
}

export interface HttpAuthorizer {
  id: string;
  name: string;
  type: 'REQUEST' | 'JWT';
  uri?: string;
  identitySource: string[];
  functionArn?: string;
  credentialsArn?: string;
  payloadFormatVersion: '1.0' | '2.0';
  enableSimpleResponses: boolean;
  ttlSeconds: number;
  jwt?: { issuer: string; audience: string[] };
}

export interface HttpStage {
  name: string;
  autoDeploy: boolean;
  variables: Record<string, string>;
  defaultThrottle?: ThrottleSettings;
  routeThrottles: Map<string, ThrottleSettings>;
}

export interface HttpApiModel {
  id: string;
  name: string;
  cors?: CorsConfiguration;
  disableExecuteApiEndpoint: boolean;
  routes: HttpRoute[];
  integrations: Map<string, HttpIntegration>;
  authorizers: Map<string, HttpAuthorizer>;
  stages: Map<string, HttpStage>;
  createdDate: Date;
  tags: Record<string, string>;
}

/** API Gateway's default and maximum integration timeout for HTTP APIs. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Parses a route key's path into segments. */
export function routeSegments(path: string): RouteSegment[] {
  return path
    .split('/')
    .filter((part) => part !== '')
    .map((part): RouteSegment => {
      const param = /^\{([^{}+]+)(\+?)\}$/.exec(part);
      if (!param) return { kind: 'literal', text: part };
      return param[2] ? { kind: 'greedy', name: param[1] } : { kind: 'param', name: param[1] };
    });
}

function parseRouteKey(id: string, routeKey: string): Pick<HttpRoute, 'routeKey' | 'method' | 'path' | 'segments'> {
  if (routeKey === '$default') return { routeKey, segments: [] };
  const [method, path] = routeKey.split(' ');
  if (!method || !path?.startsWith('/')) throw new Error(`route ${id} has a route key API Gateway does not accept: ${JSON.stringify(routeKey)}`);
  return { routeKey, method: method.toUpperCase(), path, segments: routeSegments(path) };
}

function throttleOf(settings: unknown): ThrottleSettings | undefined {
  const s = settings as { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number } | undefined;
  if (s?.ThrottlingRateLimit === undefined && s?.ThrottlingBurstLimit === undefined) return undefined;
  return { rateLimit: Number(s.ThrottlingRateLimit ?? Infinity), burstLimit: Number(s.ThrottlingBurstLimit ?? Infinity) };
}

function integrationOf(id: string, props: Record<string, unknown>): HttpIntegration {
  const type = String(props.IntegrationType ?? '');
  const subtype = props.IntegrationSubtype as string | undefined;
  const functionArn = type === 'AWS_PROXY' && !subtype ? lambdaFunctionOfUri(props.IntegrationUri) : undefined;
  let notRunnable: string | undefined;
  if (subtype) notRunnable = `AWS service integrations (${subtype}) are not run locally`;
  else if (type === 'AWS_PROXY' && !functionArn) notRunnable = `its integration URI ${JSON.stringify(props.IntegrationUri)} names no Lambda function`;
  else if (type !== 'AWS_PROXY') notRunnable = `${type} integrations are not run locally (only Lambda proxy integrations are)`;
  return {
    id,
    type,
    uri: props.IntegrationUri as string | undefined,
    subtype,
    functionArn,
    payloadFormatVersion: props.PayloadFormatVersion === '1.0' ? '1.0' : '2.0',
    timeoutMs: Number(props.TimeoutInMillis ?? DEFAULT_TIMEOUT_MS),
    credentialsArn: props.CredentialsArn as string | undefined,
    notRunnable,
  };
}

function authorizerOf(id: string, props: Record<string, unknown>): HttpAuthorizer {
  const type = props.AuthorizerType === 'JWT' ? 'JWT' : 'REQUEST';
  const jwt = props.JwtConfiguration as { Issuer?: string; Audience?: string[] } | undefined;
  return {
    id,
    name: String(props.Name ?? id),
    type,
    uri: props.AuthorizerUri as string | undefined,
    identitySource: ((props.IdentitySource as string[] | undefined) ?? []).map(String),
    functionArn: lambdaFunctionOfUri(props.AuthorizerUri),
    credentialsArn: props.AuthorizerCredentialsArn as string | undefined,
    payloadFormatVersion: props.AuthorizerPayloadFormatVersion === '2.0' ? '2.0' : '1.0',
    enableSimpleResponses: props.EnableSimpleResponses === true || props.EnableSimpleResponses === 'true',
    ttlSeconds: Number(props.AuthorizerResultTtlInSeconds ?? 0),
    jwt: type === 'JWT' ? { issuer: String(jwt?.Issuer ?? ''), audience: (jwt?.Audience ?? []).map(String) } : undefined,
  };
}

function corsOf(value: unknown): CorsConfiguration | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  const list = (v: unknown) => ((v as unknown[] | undefined) ?? []).map(String);
  return {
    allowOrigins: list(c.AllowOrigins),
    allowMethods: list(c.AllowMethods).map((m) => m.toUpperCase()),
    allowHeaders: list(c.AllowHeaders).map((h) => h.toLowerCase()),
    exposeHeaders: list(c.ExposeHeaders).map((h) => h.toLowerCase()),
    allowCredentials: c.AllowCredentials === true,
    maxAge: c.MaxAge === undefined ? undefined : Number(c.MaxAge),
  };
}

/** The resources of `type` that belong to API `apiId`, each with its evaluated properties (or skipped, named in a warning). */
function childrenOf(assembly: CloudAssembly, type: string, apiId: string, log: Logger): { resource: AssemblyResource; props: Record<string, unknown> }[] {
  const out: { resource: AssemblyResource; props: Record<string, unknown> }[] = [];
  for (const resource of assembly.ofType(type)) {
    let props: Record<string, unknown>;
    try {
      props = resource.properties();
    } catch (error) {
      log.warn(`${type} ${resource.cdkPath} is not run: ${(error as Error).message}`);
      continue;
    }
    if (props.ApiId === apiId) out.push({ resource, props });
  }
  return out;
}

/**
 * Reads every HTTP API of the assembly. What cannot run is named in a warning and left out
 * (an API defined by an OpenAPI body, a WebSocket API), never a reason not to start.
 */
export function loadHttpApis(assembly: CloudAssembly, log: Logger): HttpApiModel[] {
  const apis: HttpApiModel[] = [];
  for (const resource of assembly.ofType('AWS::ApiGatewayV2::Api')) {
    try {
      const api = loadHttpApi(assembly, resource, log);
      if (api) apis.push(api);
    } catch (error) {
      log.warn(`HTTP API ${resource.cdkPath} is not run: ${(error as Error).message}`);
    }
  }
  return apis;
}

function loadHttpApi(assembly: CloudAssembly, resource: AssemblyResource, log: Logger): HttpApiModel | undefined {
  const props = resource.properties();
  const id = resource.ref();
  if (props.ProtocolType !== 'HTTP') {
    log.warn(`${props.ProtocolType ?? 'An'} API ${resource.cdkPath} is not run: the local API Gateway serves HTTP APIs (WebSocket APIs are not implemented)`);
    return undefined;
  }
  if (props.Body !== undefined || props.BodyS3Location !== undefined) {
    log.warn(`HTTP API ${resource.cdkPath} is not run: it is defined by an OpenAPI document, which the local API Gateway does not import`);
    return undefined;
  }
  const api: HttpApiModel = {
    id,
    name: String(props.Name ?? resource.logicalId),
    cors: corsOf(props.CorsConfiguration),
    disableExecuteApiEndpoint: props.DisableExecuteApiEndpoint === true,
    routes: [],
    integrations: new Map(),
    authorizers: new Map(),
    stages: new Map(),
    createdDate: new Date(),
    tags: stringMap(props.Tags),
  };
  // Quick create: `Target` makes a $default route, its Lambda integration and an auto-deployed $default stage.
  if (props.Target !== undefined) {
    const integration = integrationOf(`${id}-quick`, { IntegrationType: 'AWS_PROXY', IntegrationUri: props.Target, PayloadFormatVersion: '2.0', CredentialsArn: props.CredentialsArn });
    api.integrations.set(integration.id, integration);
    const routeKey = String(props.RouteKey ?? '$default');
    api.routes.push({ id: `${id}-quick`, ...parseRouteKey(id, routeKey), authorizationType: 'NONE', authorizationScopes: [], integrationId: integration.id });
    api.stages.set('$default', { name: '$default', autoDeploy: true, variables: {}, routeThrottles: new Map() });
  }
  for (const { resource: child, props: p } of childrenOf(assembly, 'AWS::ApiGatewayV2::Integration', id, log)) {
    api.integrations.set(child.ref(), integrationOf(child.ref(), p));
  }
  for (const { resource: child, props: p } of childrenOf(assembly, 'AWS::ApiGatewayV2::Authorizer', id, log)) {
    api.authorizers.set(child.ref(), authorizerOf(child.ref(), p));
  }
  for (const { resource: child, props: p } of childrenOf(assembly, 'AWS::ApiGatewayV2::Route', id, log)) {
    try {
      const target = typeof p.Target === 'string' ? /^integrations\/(.+)$/.exec(p.Target)?.[1] : undefined;
      api.routes.push({
        id: child.ref(),
        ...parseRouteKey(child.ref(), String(p.RouteKey)),
        authorizationType: (p.AuthorizationType as HttpRoute['authorizationType'] | undefined) ?? 'NONE',
        authorizerId: p.AuthorizerId as string | undefined,
        authorizationScopes: ((p.AuthorizationScopes as string[] | undefined) ?? []).map(String),
        integrationId: target,
      });
    } catch (error) {
      log.warn(`route ${child.cdkPath} of HTTP API ${api.name} is not run: ${(error as Error).message}`);
    }
  }
  for (const { props: p } of childrenOf(assembly, 'AWS::ApiGatewayV2::Stage', id, log)) {
    const name = String(p.StageName);
    if (p.AutoDeploy !== true && p.DeploymentId === undefined) {
      log.warn(`stage ${name} of HTTP API ${api.name} is neither auto-deployed nor given a deployment: it answers Not Found, as on AWS`);
      continue;
    }
    const routeThrottles = new Map<string, ThrottleSettings>();
    for (const [routeKey, settings] of Object.entries((p.RouteSettings as Record<string, unknown> | undefined) ?? {})) {
      const throttle = throttleOf(settings);
      if (throttle) routeThrottles.set(routeKey, throttle);
    }
    api.stages.set(name, { name, autoDeploy: p.AutoDeploy === true, variables: stringMap(p.StageVariables), defaultThrottle: throttleOf(p.DefaultRouteSettings), routeThrottles });
  }
  for (const integration of api.integrations.values()) {
    if (integration.notRunnable) log.warn(`HTTP API ${api.name}: integration ${integration.id} answers 500: ${integration.notRunnable}`);
  }
  return api;
}
