import { JsonServiceError } from '../edge/json-protocol';
import { DynamoDBError, type AttributeMap } from './types';

/**
 * DynamoDB's errors. Each is a DynamoDBError (the contract's class, what `call()` throws);
 * `toWireError` gives its JSON-protocol form with the namespace DynamoDB puts in `__type`.
 */

/** Namespaces of `__type`, as DynamoDB sends them. */
export const ErrorNamespace = {
  /** Protocol and authentication errors come from AWS's service framework. */
  service: 'com.amazon.coral.service',
  /** Request validation. */
  validate: 'com.amazon.coral.validate',
  dynamodb: 'com.amazonaws.dynamodb.v20120810',
} as const;

const SERVICE_TYPES = new Set([
  'SerializationException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'AccessDeniedException',
  'RequestEntityTooLargeException',
]);

/** The namespace DynamoDB uses for an error type. */
export function namespaceOf(type: string): string {
  if (type === 'ValidationException') return ErrorNamespace.validate;
  return SERVICE_TYPES.has(type) ? ErrorNamespace.service : ErrorNamespace.dynamodb;
}

export class ValidationException extends DynamoDBError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

export class SerializationException extends DynamoDBError {
  constructor(message: string) {
    super('SerializationException', message);
  }
}

export class ResourceNotFoundException extends DynamoDBError {
  constructor(message = 'Requested resource not found') {
    super('ResourceNotFoundException', message);
  }
}

export class ResourceInUseException extends DynamoDBError {
  constructor(message: string) {
    super('ResourceInUseException', message);
  }
}

export class ConditionalCheckFailedException extends DynamoDBError {
  /** `item`: the item as it was, for ReturnValuesOnConditionCheckFailure=ALL_OLD. */
  constructor(item?: AttributeMap) {
    super('ConditionalCheckFailedException', 'The conditional request failed', 400, item ? { Item: item } : {});
  }
}

/** One entry of TransactionCanceledException's `CancellationReasons`, in request order. */
export interface CancellationReason {
  Code: 'None' | 'ConditionalCheckFailed' | 'ValidationError' | 'TransactionConflict';
  Message?: string;
  Item?: AttributeMap;
}

export class TransactionCanceledException extends DynamoDBError {
  constructor(readonly reasons: CancellationReason[]) {
    super(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      400,
      { CancellationReasons: reasons },
    );
  }
}

export class IdempotentParameterMismatchException extends DynamoDBError {
  constructor() {
    super(
      'IdempotentParameterMismatchException',
      'The ClientRequestToken was already used in the last 10 minutes by a TransactWriteItems request with other parameters',
    );
  }
}

export class AccessDeniedException extends DynamoDBError {
  constructor(message: string) {
    super('AccessDeniedException', message);
  }
}

export class ExpiredIteratorException extends DynamoDBError {
  constructor(message = 'Iterator expired. The iterator was created more than 15 minutes ago.') {
    super('ExpiredIteratorException', message);
  }
}

export class TrimmedDataAccessException extends DynamoDBError {
  constructor(message: string) {
    super('TrimmedDataAccessException', message);
  }
}

/** A DynamoDB operation the local cloud does not run: it says so rather than pretend. */
export class NotImplementedLocallyError extends DynamoDBError {
  constructor(operation: string, what?: string) {
    super('UnknownOperationException', `The local DynamoDB does not implement ${operation}${what ? ` (${what})` : ''}`);
  }
}

/** An error dynalite produced: `{ statusCode, body: { __type: 'ns#Type', message | Message } }`. */
export interface DynaliteError extends Error {
  statusCode: number;
  body: { __type: string; message?: string; Message?: string };
}

export function isDynaliteError(error: unknown): error is DynaliteError {
  return error instanceof Error && typeof (error as DynaliteError).statusCode === 'number' && typeof (error as DynaliteError).body?.__type === 'string';
}

/** Dynalite's error as the DynamoDBError it stands for (its types and messages are DynamoDB's). */
export function fromDynalite(error: DynaliteError): DynamoDBError {
  const type = error.body.__type.slice(error.body.__type.indexOf('#') + 1);
  const message = error.body.message ?? error.body.Message ?? '';
  switch (type) {
    case 'ValidationException':
      return new ValidationException(message);
    case 'ResourceNotFoundException':
      return new ResourceNotFoundException(message);
    case 'ConditionalCheckFailedException':
      return new ConditionalCheckFailedException();
    default:
      return new DynamoDBError(type, message, error.statusCode);
  }
}

/** The JSON-protocol form of a DynamoDB error: namespaced `__type`, `message` and its extra members. */
class DynamoDBWireError extends JsonServiceError {
  constructor(private readonly error: DynamoDBError) {
    super(error.type, error.message, error.statusCode);
  }

  override wireType(): string {
    return `${namespaceOf(this.type)}#${this.type}`;
  }

  override bodyFields(): Record<string, unknown> {
    return this.error.details;
  }
}

export function toWireError(error: DynamoDBError): JsonServiceError {
  return new DynamoDBWireError(error);
}
