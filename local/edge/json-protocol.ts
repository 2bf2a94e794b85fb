import type { ServerResponse } from 'node:http';
import type { Logger } from '../reporter';
import type { EdgeRequest, EdgeRoute } from './edge-server';
import { RequestTooLargeError } from './errors';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';

/**
 * An error of an AWS JSON-protocol service. It owns its wire form:
 * status, `x-amzn-ErrorType` and `{ __type, message }`.
 */
export class JsonServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }

  /**
   * The `__type` on the wire; services with namespaced types (DynamoDB) prefix it. A
   * function prefix picks the namespace per type (DynamoDB answers protocol errors from
   * `com.amazon.coral.service` and its own from `com.amazonaws.dynamodb.v20120810`).
   */
  wireType(prefix?: ErrorTypePrefix): string {
    if (this.type.includes('#')) return this.type;
    const namespace = typeof prefix === 'function' ? prefix(this.type) : prefix;
    return namespace ? `${namespace}#${this.type}` : this.type;
  }

  /** Members of the error body beside `__type` and `message` (DynamoDB's `CancellationReasons`, `Item`). */
  bodyFields(): Record<string, unknown> {
    return {};
  }

  /** Response headers beside the error type (SQS's `x-amzn-query-error` for query-compatible clients). */
  headers(): Record<string, string> {
    return {};
  }
}

/** Timestamps on the JSON protocol are epoch seconds (operations return the SDK's `Date`s). */
function epochSeconds(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

/** A namespace for error `__type`s, or a function choosing one per error type. */
export type ErrorTypePrefix = string | ((type: string) => string | undefined);

export interface JsonCall {
  request: EdgeRequest;
  /** What `authenticate` returned (undefined for unauthenticated services). */
  principal?: unknown;
  log: Logger;
  requestId: string;
}

export type JsonOperation = (input: Record<string, unknown>, call: JsonCall) => Promise<unknown> | unknown;

export interface JsonProtocolOptions {
  /** Route name (logs, start-up table). */
  name: string;
  /** `X-Amz-Target` prefixes this service answers, e.g. `AWSCognitoIdentityProviderService`. */
  targetPrefixes: readonly string[];
  contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  operations: Readonly<Record<string, JsonOperation>>;
  /** Namespace for error `__type`s, e.g. `com.amazonaws.dynamodb.v20120810`, or a function choosing one per type. */
  errorTypePrefix?: ErrorTypePrefix;
  /** Largest accepted request body. */
  bodyLimit?: number;
  log: Logger;
  /**
   * Authenticates the caller before dispatch (SigV4 for signed services). Throw
   * a JsonServiceError to refuse; what it returns is `call.principal`.
   */
  authenticate?: (request: EdgeRequest, body: Buffer, operation: string) => Promise<unknown> | unknown;
}

/**
 * The shared machinery of AWS JSON-protocol services: parse, dispatch by
 * `X-Amz-Target`, answer unknown operations with `UnknownOperationException`,
 * and serialize results and errors.
 */
export class JsonProtocolService {
  constructor(private readonly options: JsonProtocolOptions) {}

  route(): EdgeRoute {
    return {
      name: this.options.name,
      match: (request) => request.method === 'POST' && request.target !== undefined && this.options.targetPrefixes.includes(request.target.prefix),
      handle: (request, response) => this.handle(request, response),
    };
  }

  private send(response: ServerResponse, status: number, body: unknown, errorType?: string, extraHeaders: Record<string, string> = {}): void {
    const payload = JSON.stringify(body ?? {}, epochSeconds);
    const headers: Record<string, string | number> = {
      ...extraHeaders,
      'content-type': this.options.contentType,
      'content-length': Buffer.byteLength(payload),
    };
    if (errorType) headers['x-amzn-ErrorType'] = errorType;
    response.writeHead(status, headers).end(payload);
  }

  private sendError(response: ServerResponse, error: JsonServiceError): void {
    const type = error.wireType(this.options.errorTypePrefix);
    this.send(response, error.statusCode, { __type: type, message: error.message, ...error.bodyFields() }, error.type, error.headers());
  }

  async handle(request: EdgeRequest, response: ServerResponse): Promise<void> {
    const call: JsonCall = { request, log: this.options.log.withRequest(request.requestId), requestId: request.requestId };
    const operationName = request.target!.operation;
    const operation = Object.hasOwn(this.options.operations, operationName) ? this.options.operations[operationName] : undefined;
    if (!operation) {
      this.sendError(response, new JsonServiceError('UnknownOperationException', `Operation ${operationName} is not supported by the local ${this.options.name}`));
      return;
    }
    let input: Record<string, unknown>;
    let body: Buffer;
    try {
      body = await request.body(this.options.bodyLimit);
      const raw = body.toString('utf8');
      if (jsonTooDeep(raw)) {
        this.sendError(response, new JsonServiceError('SerializationException', `Request body nests deeper than ${MAX_JSON_DEPTH} levels`));
        return;
      }
      const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
      input = parsed as Record<string, unknown>;
    } catch (error) {
      if (error instanceof RequestTooLargeError) {
        this.sendError(response, new JsonServiceError('RequestEntityTooLargeException', error.message, 413));
        return;
      }
      this.sendError(response, new JsonServiceError('SerializationException', 'Request body is not valid JSON'));
      return;
    }
    try {
      if (this.options.authenticate) call.principal = await this.options.authenticate(request, body, operationName);
      const result = await operation(input, call);
      this.send(response, 200, result);
    } catch (error) {
      if (error instanceof JsonServiceError) {
        this.sendError(response, error);
        return;
      }
      throw error;
    }
  }
}
