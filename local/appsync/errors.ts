/**
 * AppSync's errors, each owning its wire form. Two families:
 * - request errors (`AppSyncRequestError`): the whole request is refused with an HTTP
 *   status and `{ errors: [{ errorType, message }] }` (401 UnauthorizedException, 400
 *   MalformedHttpRequestException, 403 for SigV4 failures);
 * - field errors (`AppSyncFieldError`): one field resolves to null and an entry joins
 *   `errors[]` as `{ path, data, errorType, errorInfo, locations, message }`.
 */

/** A whole request refused before execution. */
export class AppSyncRequestError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = errorType;
  }

  /** The body AppSync answers with. */
  toJSON(): { errors: { errorType: string; message: string }[] } {
    return { errors: [{ errorType: this.errorType, message: this.message }] };
  }
}

/** AppSync's messages for refused credentials (401 UnauthorizedException). */
export const UnauthorizedMessage = {
  missing: 'Valid authorization header not provided.',
  denied: 'You are not authorized to make this call.',
  unparsableJwt: 'Unable to parse JWT token.',
  expiredJwt: 'Token has expired.',
} as const;

export class UnauthorizedException extends AppSyncRequestError {
  constructor(message: string = UnauthorizedMessage.denied) {
    super('UnauthorizedException', message, 401);
  }
}

export class MalformedHttpRequestException extends AppSyncRequestError {
  constructor(message: string) {
    super('MalformedHttpRequestException', message, 400);
  }
}

/** What a field error carries into `errors[]`. */
export interface FieldErrorShape {
  message: string;
  errorType?: string | null;
  data?: unknown;
  errorInfo?: unknown;
}

/** One field failed: it becomes null and this entry joins `errors[]`. */
export class AppSyncFieldError extends Error {
  readonly errorType: string | null;
  readonly data: unknown;
  readonly errorInfo: unknown;

  constructor(shape: FieldErrorShape) {
    super(shape.message);
    this.name = 'AppSyncFieldError';
    this.errorType = shape.errorType ?? null;
    this.data = shape.data ?? null;
    this.errorInfo = shape.errorInfo ?? null;
  }
}

/** A field the caller's auth mode may not read (`@aws_*` directives, IAM policy, Lambda deniedFields). */
export function notAuthorized(fieldName: string, typeName: string): AppSyncFieldError {
  return new AppSyncFieldError({ errorType: 'Unauthorized', message: `Not Authorized to access ${fieldName} on type ${typeName}` });
}

/**
 * The backend itself is wrong (a template that does not render to a valid request,
 * a data source that does not exist…): AppSync answers `MappingTemplate`-typed
 * errors, and the local cloud also logs what to fix.
 */
export class MappingTemplateError extends AppSyncFieldError {
  constructor(message: string, readonly resolution?: string) {
    super({ errorType: 'MappingTemplate', message });
  }
}

/**
 * Something the local cloud does not implement, reached at run time. It fails the
 * field loudly, naming what is missing, rather than answering a silent null.
 */
export class NotImplementedLocallyError extends AppSyncFieldError {
  constructor(what: string) {
    super({ errorType: 'NotImplementedLocally', message: `${what} is not implemented by the local AppSync` });
  }
}
