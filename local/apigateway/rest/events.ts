/**
 * What a REST API hands its Lambda proxy integrations and authorizers, as "Input format of a
 * Lambda function for proxy integration" and "Input to an API Gateway Lambda authorizer"
 * document them, and the `$context` its mapping templates read.
 */
import type { Principal } from '../../iam/types';
import { LOCAL_ACCOUNT } from '../../assembly/template';
import { executeApiHost } from '../model';
import { callerIdentity } from '../invoke/identity';
import { eventBody, matchesMediaType, mediaType, multiValueHeaders, multiValueQuery, singleValueHeaders, singleValueQuery } from '../invoke/payload';
import { requestTime, type Invocation } from '../invoke/request';
import type { RestApiModel, RestMethod, RestStage } from './model';
import type { RestMatch } from './router';

/** What the method's authorization established. */
export type RestAuthorization =
  | { kind: 'none' }
  | { kind: 'iam'; principal: Principal }
  | { kind: 'cognito'; claims: Record<string, string> }
  | { kind: 'lambda'; principalId: string; context: Record<string, unknown>; latencyMs: number };

export interface RestRequest {
  invocation: Invocation;
  api: RestApiModel;
  stage: RestStage;
  match: RestMatch;
  method: RestMethod;
  /** The path below the stage, percent-encoded as sent. */
  rawPath: string;
  body: Buffer;
  authorization: RestAuthorization;
  apiKey?: { value: string; id: string };
}

/** The request body's media type (API Gateway assumes JSON when none is given). */
export function requestMediaType(invocation: Invocation): string {
  return mediaType(invocation.header('content-type')) ?? 'application/json';
}

/** Whether the API takes the request body as binary (its content type is one of the binary media types). */
export function isBinaryRequest(request: Pick<RestRequest, 'invocation' | 'api'>): boolean {
  return matchesMediaType(requestMediaType(request.invocation), request.api.binaryMediaTypes);
}

/** Epoch seconds as Java's `Date.toString()` prints them: `Thu Mar 12 17:12:33 UTC 2020`. */
function javaDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/**
 * A user-pool token's claims as a REST API's Cognito authorizer passes them on: every value a
 * string, lists joined with commas, `exp` and `iat` as Java dates.
 */
export function cognitoClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if ((name === 'exp' || name === 'iat') && typeof value === 'number') return [name, javaDate(value)];
      if (Array.isArray(value)) return [name, value.join(',')];
      return [name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)];
    }),
  );
}

/** `requestContext.authorizer` of the proxy event (and `$context.authorizer`). */
function authorizerContext(authorization: RestAuthorization): Record<string, unknown> | undefined {
  switch (authorization.kind) {
    case 'cognito':
      return { claims: authorization.claims };
    case 'lambda':
      return { principalId: authorization.principalId, integrationLatency: authorization.latencyMs, ...authorization.context };
    default:
      return undefined;
  }
}

/** `requestContext`, shared by the proxy event, authorizer events and `$context`. */
export function requestContext(request: Omit<RestRequest, 'body' | 'method'>): Record<string, unknown> {
  const { invocation, api, stage, match } = request;
  const principal = request.authorization.kind === 'iam' ? request.authorization.principal : undefined;
  const authorizer = authorizerContext(request.authorization);
  return {
    resourceId: match.resource.id,
    resourcePath: match.resource.path,
    httpMethod: invocation.method,
    extendedRequestId: invocation.requestId,
    requestTime: requestTime(invocation.startedAt),
    path: `/${stage.name}${request.rawPath === '/' ? '/' : request.rawPath}`,
    accountId: LOCAL_ACCOUNT.accountId,
    protocol: invocation.protocol,
    stage: stage.name,
    domainPrefix: api.id,
    requestTimeEpoch: invocation.startedAt,
    requestId: invocation.requestId,
    identity: callerIdentity(invocation, principal, request.apiKey),
    domainName: executeApiHost(api.id),
    ...(authorizer && { authorizer }),
    apiId: api.id,
  };
}

/** The proxy integration's event (payload format 1.0). */
export function restProxyEvent(request: RestRequest): Record<string, unknown> {
  const { invocation, stage, match } = request;
  const multiHeaders = multiValueHeaders(invocation.headerPairs, false);
  const multiQuery = multiValueQuery(invocation.query);
  const body = request.body.length > 0 ? eventBody(request.body, isBinaryRequest(request)) : undefined;
  return {
    resource: match.resource.path,
    path: decodeURIComponent(request.rawPath),
    httpMethod: invocation.method,
    headers: singleValueHeaders(multiHeaders, 'last'),
    multiValueHeaders: multiHeaders,
    queryStringParameters: singleValueQuery(multiQuery, 'last') ?? null,
    multiValueQueryStringParameters: multiQuery ?? null,
    pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
    stageVariables: Object.keys(stage.variables).length > 0 ? stage.variables : null,
    requestContext: requestContext(request),
    body: body?.body ?? null,
    isBase64Encoded: body?.isBase64Encoded ?? false,
  };
}
