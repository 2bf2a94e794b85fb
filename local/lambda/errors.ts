import type { ServerResponse } from 'node:http';
import type { SigV4Error } from '../iam/types';
import { authFailureWording } from '../iam/wire';
import { checkMember, SerializationFailure, ValidationFailure, type Shape } from '../kit';

/** Largest synchronous request and response payloads, as Lambda enforces them. */
export const PAYLOAD_LIMITS = {
  /** 6 MiB request for RequestResponse. */
  syncRequest: 6_291_456,
  /** Lambda allows 100 bytes more on the response than on the request. */
  syncResponse: 6_291_556,
  /** Event (asynchronous) invocations: 1 MiB. */
  asyncRequest: 1_048_576,
} as const;

/**
 * An error of the Lambda API. It owns its REST-JSON wire form: the status,
 * `x-amzn-ErrorType` and Lambda's `{ Type, Message }` body.
 * @example
 * throw LambdaError.functionNotFound('arn:aws:lambda:us-east-1:000000000000:function:nope');
 */
export class LambdaError extends Error {
  constructor(
    /** `ResourceNotFoundException`, `TooManyRequestsException`… */
    readonly type: string,
    message: string,
    readonly statusCode = 400,
    /** `User` when the caller is at fault, `Service` when Lambda is. */
    readonly fault: 'User' | 'Service' = 'User',
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }

  static functionNotFound(arn: string): LambdaError {
    return new LambdaError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
  }

  static requestTooLarge(limit: number): LambdaError {
    return new LambdaError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413);
  }

  static invalidRequestContent(detail: string): LambdaError {
    return new LambdaError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`, 400);
  }

  static invalidParameter(message: string): LambdaError {
    return new LambdaError('InvalidParameterValueException', message, 400);
  }

  /** Reserved concurrency exhausted (Lambda throttles rather than queues synchronous calls). */
  static throttled(): LambdaError {
    return new LambdaError('TooManyRequestsException', 'Rate Exceeded.', 429, 'User', { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }, { 'retry-after': '1' });
  }

  /** A function that cannot run here: a "local cloud" gap, said plainly. */
  static notRunnable(name: string, reason: string): LambdaError {
    return new LambdaError('ServiceException', `The local cloud cannot run function ${name}: ${reason}`, 500, 'Service');
  }

  toBody(): Record<string, string> {
    return { Type: this.fault, Message: this.message, ...this.extra };
  }

  send(response: ServerResponse): void {
    const body = JSON.stringify(this.toBody());
    response.writeHead(this.statusCode, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-ErrorType': this.type,
      ...this.headers,
    });
    response.end(body);
  }
}

/** Renders an authentication failure the way Lambda's front end words it (403, unlike JSON-protocol services' 400). */
export function lambdaAuthError(error: SigV4Error): LambdaError {
  const { type, message } = authFailureWording(error);
  return new LambdaError(type, message, 403);
}

/** The error object a failed invocation returns as its payload. */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/**
 * Errors the Lambda service itself reports for an invocation (as opposed to errors
 * the handler threw, which the runtime formats).
 */
export const FunctionErrors = {
  /** The invocation ran past the function's Timeout and its environment was stopped. */
  timedOut(requestId: string, timeoutSeconds: number): FunctionErrorPayload {
    return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` };
  },
  /** The runtime process ended while an invocation was in flight. */
  exited(requestId: string, exit: { code: number | null; signal: NodeJS.Signals | null; outOfMemory: boolean }): FunctionErrorPayload {
    const how = exit.signal ? `signal: ${signalDescription(exit.signal)}` : exit.code === 0 ? undefined : `exit status ${exit.code}`;
    const detail = how ? `Runtime exited with error: ${how}` : 'Runtime exited without providing a reason';
    return { errorType: exit.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${detail}` };
  },
  responseTooLarge(): FunctionErrorPayload {
    return {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMITS.syncResponse} bytes).`,
    };
  },
} as const;

/** Go's wording for signals, which Lambda's error messages use. */
function signalDescription(signal: NodeJS.Signals): string {
  switch (signal) {
    case 'SIGKILL': return 'killed';
    case 'SIGABRT': return 'aborted (core dumped)';
    case 'SIGSEGV': return 'segmentation fault (core dumped)';
    case 'SIGTERM': return 'terminated';
    default: return signal.toLowerCase();
  }
}

/**
 * Checks one request parameter (a header or query value) with the kit's validator; Lambda
 * answers a refusal as InvalidParameterValueException with AWS's validation message.
 * @example
 * checkParameter(type, { type: 'string', enum: ['Event', 'RequestResponse', 'DryRun'] }, 'invocationType');
 */
export function checkParameter(value: unknown, shape: Shape, path: string): void {
  try {
    checkMember(value, shape, path);
  } catch (error) {
    if (error instanceof ValidationFailure || error instanceof SerializationFailure) throw LambdaError.invalidParameter(error.message);
    throw error;
  }
}
