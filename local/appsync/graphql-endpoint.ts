import type { ServerResponse } from 'node:http';
import { getOperationAST, parse } from 'graphql';
import type { IamService } from '../iam/types';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import type { RuntimeName } from './api/config';
import type { GraphQLApiModel } from './api/graphql-api';
import { Authenticator, type AuthRequest } from './auth/authenticate';
import { FieldAuthorizer } from './auth/field-authorization';
import type { RequestAuth } from './auth/identity';
import { createDataSource } from './data-sources';
import { AppSyncRequestError, MalformedHttpRequestException } from './errors';
import { EXECUTION_LIMITS, limitReached } from './execution/budget';
import { GraphQLExecutor, type ExecutionOutcome, type ExecutionSettings, type GraphQLRequest } from './execution/executor';
import { ResolverRunner } from './execution/resolver-runner';
import type { ResolverRuntime } from './runtime/types';
import type { EdgeRequest } from '../edge';
import { jsonTooDeep, RequestTooLargeError } from '../edge';

/** AppSync's cap on a response body. */
export const MAX_RESPONSE_BYTES = EXECUTION_LIMITS.responseBytes;
/** The largest request body accepted. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * One running GraphQL API: its authenticator, field authorizer, data sources,
 * resolver runner and executor, and the HTTP pipeline
 * parse → authenticate → execute → format.
 */
export class GraphQLEndpoint {
  readonly authenticator: Authenticator;
  readonly executor: GraphQLExecutor;

  constructor(
    readonly api: GraphQLApiModel,
    readonly path: string,
    services: ServiceRegistry,
    runtimes: Partial<Record<RuntimeName, ResolverRuntime>>,
    execution: ExecutionSettings,
  ) {
    this.authenticator = new Authenticator(api, services);
    const dataSources = new Map([...api.dataSources.values()].map((config) => [config.name, { config, source: createDataSource(config, services) }]));
    const runner = new ResolverRunner(runtimes, dataSources);
    this.executor = new GraphQLExecutor(api, runner, new FieldAuthorizer(api), () => services.find<IamService>('iam'), execution);
  }

  /** Serves one HTTP request to the API's GraphQL URL. */
  async handle(request: EdgeRequest, response: ServerResponse): Promise<ExecutionOutcome | undefined> {
    const log = request.log;
    try {
      if (request.method !== 'POST' && request.method !== 'GET') {
        throw new AppSyncRequestError('MethodNotAllowedException', `HTTP method ${request.method} is not supported; send POST (or GET for queries).`, 405);
      }
      const body = request.method === 'POST' ? await request.body(MAX_REQUEST_BYTES) : Buffer.alloc(0);
      const graphqlRequest = () => parseGraphQLRequest(request, body);
      const [rawPath, rawQuery = ''] = (request.raw.url ?? '/').split('?');
      const auth = await this.authenticator.authenticate({
        headers: request.headers,
        method: request.method,
        rawPath,
        rawQuery,
        body,
        sourceIp: (request.raw.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        graphql: () => {
          try {
            return graphqlRequest();
          } catch {
            return {};
          }
        },
        requestId: request.requestId,
      } satisfies AuthRequest);
      const parsed = graphqlRequest();
      if (request.method === 'GET') refuseUnlessQuery(parsed);
      const outcome = await this.execute(parsed, auth, request, log);
      // The size is watched while the response is built (the request stops past it); this is the exact check.
      let text = outcome.stopped === 'responseSize' ? '' : JSON.stringify(outcome.body);
      let length = Buffer.byteLength(text);
      if (outcome.stopped === 'responseSize' || length > MAX_RESPONSE_BYTES) {
        const tooLarge = limitReached.responseSize();
        text = JSON.stringify({ data: null, errors: [{ path: null, errorType: tooLarge.errorType, locations: null, message: tooLarge.message }] });
        length = Buffer.byteLength(text);
      }
      // A known length and a string body: Node sends head and body in one write (not chunks, not writev).
      response.writeHead(outcome.status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': length }).end(text);
      return outcome;
    } catch (error) {
      const refused = error instanceof RequestTooLargeError
        ? new AppSyncRequestError('PayloadTooLargeException', `The request body exceeds ${MAX_REQUEST_BYTES} bytes.`, 413)
        : error;
      if (!(refused instanceof AppSyncRequestError)) throw error;
      log.debug(`refused: ${refused.errorType} ${refused.message}`);
      response
        .writeHead(refused.statusCode, { 'content-type': 'application/json;charset=UTF-8', 'x-amzn-ErrorType': refused.errorType })
        .end(JSON.stringify(refused.toJSON()));
      return undefined;
    }
  }

  /** Executes a query or mutation for an authenticated caller. */
  execute(graphqlRequest: GraphQLRequest, auth: RequestAuth, request: { headers: EdgeRequest['headers']; requestId: string }, log: Logger): Promise<ExecutionOutcome> {
    return this.executor.execute({
      request: graphqlRequest,
      auth,
      headers: flatHeaders(request.headers),
      requestId: request.requestId,
      log,
      allow: ['query', 'mutation'],
    });
  }
}

/**
 * A GET request may only read: a mutation in a URL could be run by any link or image tag
 * (browsers send those without asking). AppSync itself takes GraphQL over POST.
 */
function refuseUnlessQuery(request: GraphQLRequest): void {
  let operation;
  try {
    operation = getOperationAST(parse(request.query), request.operationName ?? undefined)?.operation;
  } catch {
    return; // not a document: execution reports the syntax error
  }
  if (operation && operation !== 'query') {
    throw new AppSyncRequestError('MethodNotAllowedException', `A ${operation} must be sent with POST; GET runs queries only.`, 405);
  }
}

export function flatHeaders(headers: EdgeRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

/** The `{ query, variables, operationName }` of a POST body or GET query string, as AppSync reads it. */
function parseGraphQLRequest(request: EdgeRequest, body: Buffer): GraphQLRequest {
  let parsed: unknown;
  if (request.method === 'GET') {
    const params = request.url.searchParams;
    if (!params.get('query')) throw new MalformedHttpRequestException('Unable to parse GraphQL query.');
    try {
      const variables = params.get('variables');
      if (variables && jsonTooDeep(variables)) throw new SyntaxError('too deep');
      parsed = { query: params.get('query'), operationName: params.get('operationName'), variables: variables ? JSON.parse(variables) : undefined };
    } catch {
      throw new MalformedHttpRequestException('Unable to parse GraphQL query.');
    }
  } else {
    if (body.length === 0) throw new MalformedHttpRequestException('Request body is empty.');
    try {
      const text = body.toString('utf8');
      if (jsonTooDeep(text)) throw new SyntaxError('too deep');
      parsed = JSON.parse(text);
    } catch {
      throw new MalformedHttpRequestException('Unable to parse GraphQL query.');
    }
  }
  const candidate = parsed as Partial<GraphQLRequest> | null;
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate) || typeof candidate.query !== 'string' || candidate.query.trim() === '') {
    throw new MalformedHttpRequestException('Unable to parse GraphQL query.');
  }
  const variables = candidate.variables;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw new MalformedHttpRequestException('Unable to parse GraphQL query.');
  }
  return { query: candidate.query, variables: variables ?? {}, operationName: candidate.operationName ?? null };
}
