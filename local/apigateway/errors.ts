/**
 * API Gateway's own answers. Invocations of an API get *gateway responses*: REST APIs answer
 * `{"message": …}` with an `x-amzn-ErrorType` (and let an API customize them by type), HTTP
 * APIs a plain `{"message":"Not Found"}`. The management API (GetRestApis…) answers REST-JSON
 * errors. Each error here owns its wire form.
 */
import type { ServerResponse } from 'node:http';

/** REST API gateway response types (API Gateway's names), with their default status, message and error type. */
export const GATEWAY_RESPONSES = {
  ACCESS_DENIED: { status: 403, message: 'User is not authorized to access this resource', errorType: 'AccessDeniedException' },
  API_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, message: null, errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_FAILURE: { status: 500, message: null, errorType: 'AuthorizerFailureException' },
  BAD_REQUEST_BODY: { status: 400, message: 'Invalid request body', errorType: 'BadRequestException' },
  EXPIRED_TOKEN: { status: 403, message: 'The security token included in the request is expired', errorType: 'ExpiredTokenException' },
  INTEGRATION_FAILURE: { status: 502, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { status: 504, message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  INVALID_API_KEY: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  INVALID_SIGNATURE: {
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    errorType: 'InvalidSignatureException',
  },
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  QUOTA_EXCEEDED: { status: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long', errorType: 'BadRequestException' },
  RESOURCE_NOT_FOUND: { status: 404, message: 'Not Found', errorType: 'NotFoundException' },
  THROTTLED: { status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Media Type', errorType: 'UnsupportedMediaTypeException' },
  /** Not a customizable type: a stage the API does not have. */
  FORBIDDEN: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
} as const;
export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

/** The 4XX/5XX family a type falls back to when the API customizes only `DEFAULT_4XX`/`DEFAULT_5XX`. */
export function defaultFamily(type: GatewayResponseType): 'DEFAULT_4XX' | 'DEFAULT_5XX' {
  return GATEWAY_RESPONSES[type].status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
}

/**
 * A REST API's gateway response: a type, its message (`null` for authorizer configuration
 * errors, as AWS answers), and for IAM denials the capitalized `Message` key IAM's answers carry.
 * @example
 * throw RestGatewayError.of('MISSING_AUTHENTICATION_TOKEN');
 */
export class RestGatewayError extends Error {
  constructor(
    readonly type: GatewayResponseType,
    readonly gatewayMessage: string | null,
    readonly options: { messageKey?: 'message' | 'Message'; errorType?: string; headers?: Record<string, string>; logDetail?: string } = {},
  ) {
    super(gatewayMessage ?? type);
    this.name = 'RestGatewayError';
  }

  static of(type: GatewayResponseType, logDetail?: string): RestGatewayError {
    return new RestGatewayError(type, GATEWAY_RESPONSES[type].message, { logDetail });
  }

  get statusCode(): number {
    return GATEWAY_RESPONSES[this.type].status;
  }

  get errorType(): string {
    return this.options.errorType ?? GATEWAY_RESPONSES[this.type].errorType;
  }

  /** The default body: `{"message": …}` (or `{"Message": …}` for IAM's denials). */
  body(): string {
    return JSON.stringify({ [this.options.messageKey ?? 'message']: this.gatewayMessage });
  }
}

/** The messages HTTP APIs answer with, by status. */
export const HTTP_API_MESSAGES = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

/**
 * An HTTP API's own answer: `{"message":"Not Found"}` and its status; `logDetail` says why,
 * in the local cloud's log (API Gateway keeps it for `$context.error.message`).
 * @example
 * throw new HttpApiError(404);
 */
export class HttpApiError extends Error {
  constructor(
    readonly statusCode: keyof typeof HTTP_API_MESSAGES,
    readonly logDetail?: string,
  ) {
    super(HTTP_API_MESSAGES[statusCode]);
    this.name = 'HttpApiError';
  }

  body(): string {
    return JSON.stringify({ message: this.message });
  }
}

/**
 * An error of the API Gateway management API (REST-JSON): status, `x-amzn-ErrorType`, and
 * `{"message": …}`, as `@aws-sdk/client-api-gateway` and `-apigatewayv2` read them.
 * @example
 * throw ManagementError.notFound('Invalid API identifier specified 000000000000:abc');
 */
export class ManagementError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = type;
  }

  static notFound(message: string): ManagementError {
    return new ManagementError('NotFoundException', message, 404);
  }

  static badRequest(message: string): ManagementError {
    return new ManagementError('BadRequestException', message, 400);
  }

  static accessDenied(message: string): ManagementError {
    return new ManagementError('AccessDeniedException', message, 403);
  }

  static unknownOperation(method: string, path: string): ManagementError {
    return new ManagementError('UnknownOperationException', `The local API Gateway does not answer ${method} ${path}`, 404);
  }

  send(response: ServerResponse): void {
    const body = JSON.stringify({ message: this.message });
    response.writeHead(this.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amzn-ErrorType': this.type });
    response.end(body);
  }
}
