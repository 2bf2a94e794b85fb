/**
 * The events an HTTP API sends its Lambda integrations, payload formats 2.0 and 1.0, as the
 * developer guide documents them ("Working with AWS Lambda proxy integrations for HTTP APIs").
 */
import type { Principal } from '../../iam/types';
import { LOCAL_ACCOUNT } from '../../assembly/template';
import { executeApiHost } from '../model';
import { eventBody, mediaType, multiValueHeaders, multiValueQuery, singleValueHeaders, singleValueQuery } from '../invoke/payload';
import { callerIdentity } from '../invoke/identity';
import { requestTime, type Invocation } from '../invoke/request';
import type { HttpApiModel, HttpStage } from './model';
import type { RouteMatch } from './router';

/** What the route's authorizer established, as the integration's event shows it. */
export type HttpAuthorization =
  | { kind: 'none' }
  | { kind: 'jwt'; claims: Record<string, unknown>; scopes: string[] | null }
  | { kind: 'lambda'; context: Record<string, unknown>; principalId?: string }
  | { kind: 'iam'; principal: Principal };

/** Everything an event is built from. */
export interface HttpEventInput {
  invocation: Invocation;
  api: HttpApiModel;
  stage: HttpStage;
  match: RouteMatch;
  body: Buffer;
  authorization: HttpAuthorization;
  /** API Gateway's request id (`apigw-requestid`). */
  requestId: string;
}

/** Text media types an HTTP API passes as text; any other body is base64-encoded. */
const TEXT_TYPES = /^(text\/.*|application\/(json|javascript|xml|x-www-form-urlencoded|graphql)|application\/.*\+(json|xml))$/;

/** How an HTTP API passes a body: text for text types (and for none given), base64 otherwise. */
export function httpEventBody(invocation: Invocation, body: Buffer): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  const type = mediaType(invocation.header('content-type'));
  return eventBody(body, type !== undefined && !TEXT_TYPES.test(type));
}

/** The path as the client sent it, stage included (`/beta/pets/1`): what `rawPath` and `http.path` show. */
function clientPath(invocation: Invocation): string {
  return invocation.address.rawPath;
}

/** `requestContext.authorizer.iam` of payload 2.0. */
function iamIdentity(principal: Principal) {
  const amr = principal.context?.['cognito-identity.amazonaws.com:amr'];
  return {
    accessKey: principal.accessKeyId,
    accountId: principal.accountId,
    callerId: principal.userId,
    cognitoIdentity:
      principal.identityId !== undefined
        ? { amr: Array.isArray(amr) ? amr : amr !== undefined ? [amr] : [], identityId: principal.identityId, identityPoolId: principal.context?.['cognito-identity.amazonaws.com:aud'] ?? null }
        : null,
    principalOrgId: null,
    userArn: principal.arn,
    userId: principal.userId,
  };
}

function authorizer2(authorization: HttpAuthorization): Record<string, unknown> | undefined {
  switch (authorization.kind) {
    case 'jwt':
      return { jwt: { claims: authorization.claims, scopes: authorization.scopes } };
    case 'lambda':
      return { lambda: authorization.context };
    case 'iam':
      return { iam: iamIdentity(authorization.principal) };
    default:
      return undefined;
  }
}

/** Payload format 2.0. */
export function httpEventV2(input: HttpEventInput): Record<string, unknown> {
  const { invocation, api, stage, match } = input;
  const headers = multiValueHeaders(invocation.headerPairs, true);
  const cookies = headers.cookie?.flatMap((value) => value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
  delete headers.cookie;
  const query = singleValueQuery(multiValueQuery(invocation.query), 'comma');
  const authorizer = authorizer2(input.authorization);
  const path = clientPath(invocation);
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath: path,
    rawQueryString: invocation.address.rawQuery,
    ...(cookies && cookies.length > 0 && { cookies }),
    headers: singleValueHeaders(headers, 'comma'),
    ...(query && { queryStringParameters: query }),
    requestContext: {
      accountId: LOCAL_ACCOUNT.accountId,
      apiId: api.id,
      ...(authorizer && { authorizer }),
      domainName: executeApiHost(api.id),
      domainPrefix: api.id,
      http: { method: invocation.method, path, protocol: invocation.protocol, sourceIp: invocation.sourceIp, userAgent: invocation.userAgent },
      requestId: input.requestId,
      routeKey: match.route.routeKey,
      stage: stage.name,
      time: requestTime(invocation.startedAt),
      timeEpoch: invocation.startedAt,
    },
    ...httpEventBody(invocation, input.body),
    ...(Object.keys(match.pathParameters).length > 0 && { pathParameters: match.pathParameters }),
    ...(Object.keys(stage.variables).length > 0 && { stageVariables: stage.variables }),
  };
}

function authorizer1(authorization: HttpAuthorization): Record<string, unknown> {
  switch (authorization.kind) {
    case 'jwt':
      return { claims: authorization.claims, scopes: authorization.scopes };
    case 'lambda':
      return { ...authorization.context, ...(authorization.principalId !== undefined && { principalId: authorization.principalId }) };
    case 'iam':
      return { iam: iamIdentity(authorization.principal) };
    default:
      return { claims: null, scopes: null };
  }
}

/** Payload format 1.0 (the REST API's proxy event, as an HTTP API fills it in). */
export function httpEventV1(input: HttpEventInput): Record<string, unknown> {
  const { invocation, api, stage, match } = input;
  const multiHeaders = multiValueHeaders(invocation.headerPairs, true);
  const multiQuery = multiValueQuery(invocation.query);
  const principal = input.authorization.kind === 'iam' ? input.authorization.principal : undefined;
  const path = clientPath(invocation);
  const resource = match.route.path ?? match.route.routeKey;
  const body = httpEventBody(invocation, input.body);
  return {
    version: '1.0',
    resource,
    path,
    httpMethod: invocation.method,
    headers: singleValueHeaders(multiHeaders, 'last'),
    multiValueHeaders: multiHeaders,
    queryStringParameters: singleValueQuery(multiQuery, 'last') ?? null,
    multiValueQueryStringParameters: multiQuery ?? null,
    requestContext: {
      accountId: LOCAL_ACCOUNT.accountId,
      apiId: api.id,
      authorizer: authorizer1(input.authorization),
      domainName: executeApiHost(api.id),
      domainPrefix: api.id,
      extendedRequestId: input.requestId,
      httpMethod: invocation.method,
      identity: callerIdentity(invocation, principal),
      path,
      protocol: invocation.protocol,
      requestId: input.requestId,
      requestTime: requestTime(invocation.startedAt),
      requestTimeEpoch: invocation.startedAt,
      resourceId: match.route.routeKey,
      resourcePath: resource,
      stage: stage.name,
    },
    pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
    stageVariables: Object.keys(stage.variables).length > 0 ? stage.variables : null,
    body: body.body ?? null,
    isBase64Encoded: body.isBase64Encoded,
  };
}
