import type { ServerResponse } from 'node:http';
import type { Logger } from '../reporter';
import type { EdgeRequest, EdgeRoute } from './edge-server';
import { RequestTooLargeError } from './errors';
import { JsonServiceError } from './json-protocol';

/** What an operation of a REST-JSON service is handed. */
export interface RestJsonCall {
  request: EdgeRequest;
  /** Path parameters, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body (`{}` when empty). */
  input: Record<string, unknown>;
  /** What `authenticate` returned. */
  principal?: unknown;
  log: Logger;
}

export interface RestJsonOperation {
  /** The AWS operation name, for errors and logs. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Matched against the path; named groups become `params`. */
  path: RegExp;
  handle(call: RestJsonCall): unknown;
}

export interface RestJsonOptions {
  /** Route name (logs, start-up table). */
  name: string;
  /** The SigV4 credential scope's service (`scheduler`, `appsync`): signed requests for others are not this service's. */
  scopeService: string;
  /** Paths this service owns (`/schedules`, `/v1/apis`). */
  pathPrefixes: readonly string[];
  operations: readonly RestJsonOperation[];
  log: Logger;
  /** The error body's message member: `message` (most services) or `Message` (EventBridge Scheduler). */
  messageKey?: 'message' | 'Message';
  /** Authenticates the caller before dispatch; throw a JsonServiceError to refuse. */
  authenticate?: (request: EdgeRequest, body: Buffer, operation: string) => unknown;
  bodyLimit?: number;
}

/**
 * The shared machinery of AWS REST-JSON services (operations addressed by method and path,
 * JSON bodies, errors as `x-amzn-ErrorType` plus `{ message }`): match, parse,
 * authenticate, dispatch, serialize.
 * @example
 * edge.addRoute(new RestJsonService({ name: 'scheduler', scopeService: 'scheduler', pathPrefixes: ['/schedules'], operations, log }).route());
 */
export class RestJsonService {
  constructor(private readonly options: RestJsonOptions) {}

  route(): EdgeRoute {
    const { pathPrefixes, scopeService } = this.options;
    return {
      name: this.options.name,
      match: (request) =>
        pathPrefixes.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`)) &&
        request.target === undefined &&
        (request.scopeService === undefined || request.scopeService === scopeService),
      handle: (request, response) => this.handle(request, response),
    };
  }

  private async handle(request: EdgeRequest, response: ServerResponse): Promise<void> {
    const log = this.options.log.withRequest(request.requestId);
    try {
      const [operation, params] = this.find(request);
      if (!operation) throw new JsonServiceError('UnknownOperationException', `No ${this.options.name} operation answers ${request.method} ${request.path} locally`, 404);
      let body: Buffer;
      try {
        body = await request.body(this.options.bodyLimit ?? 1024 * 1024);
      } catch (error) {
        if (error instanceof RequestTooLargeError) throw new JsonServiceError('RequestEntityTooLargeException', error.message, 413);
        throw error;
      }
      const principal = this.options.authenticate?.(request, body, operation.name);
      let input: Record<string, unknown> = {};
      if (body.length > 0) {
        try {
          const parsed: unknown = JSON.parse(body.toString('utf8'));
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
          input = parsed as Record<string, unknown>;
        } catch {
          throw new JsonServiceError('SerializationException', 'Request body is not valid JSON');
        }
      }
      const result = await operation.handle({ request, params, query: request.url.searchParams, input, principal, log });
      send(response, 200, result ?? {});
    } catch (error) {
      if (!(error instanceof JsonServiceError)) throw error;
      send(response, error.statusCode, { [this.options.messageKey ?? 'message']: error.message }, error.type);
    }
  }

  private find(request: EdgeRequest): [RestJsonOperation | undefined, Record<string, string>] {
    for (const operation of this.options.operations) {
      if (operation.method !== request.method) continue;
      const match = operation.path.exec(request.path);
      if (!match) continue;
      try {
        return [operation, Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]))];
      } catch {
        throw new JsonServiceError('ValidationException', `The path ${request.path} is not properly URI-encoded`);
      }
    }
    return [undefined, {}];
  }
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  response.writeHead(status, headers).end(payload);
}
