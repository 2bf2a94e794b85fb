import { JsonServiceError } from '../edge/json-protocol';
import type { ValidationFailure } from '../kit';

/** Who SQS says was at fault: `Sender` (the request) or `Receiver` (the service). */
type Fault = 'Sender' | 'Receiver';

/**
 * An SQS error. It owns both wire forms SQS speaks:
 * - AWS JSON 1.0 (the current SDK): `{ "__type": "com.amazonaws.sqs#QueueDoesNotExist", "message" }`
 *   plus `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`, which the SDK
 *   (awsQueryCompatible) reads for the error's `Code`;
 * - the query protocol (older clients): `<ErrorResponse><Error><Type/><Code/><Message/>…`.
 */
export class SqsError extends JsonServiceError {
  constructor(
    /** The JSON type (the SDK's error name): `QueueDoesNotExist`. */
    type: string,
    /** The query protocol's code: `AWS.SimpleQueueService.NonExistentQueue`. */
    readonly queryCode: string,
    message: string,
    statusCode = 400,
    readonly fault: Fault = 'Sender',
  ) {
    super(type, message, statusCode);
  }

  override headers(): Record<string, string> {
    return { 'x-amzn-query-error': `${this.queryCode};${this.fault}` };
  }

  /** The query protocol's error document. */
  toXml(requestId: string): string {
    return (
      '<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
      `<Error><Type>${this.fault}</Type><Code>${escapeXml(this.queryCode)}</Code><Message>${escapeXml(this.message)}</Message><Detail/></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`
    );
  }
}

/** Text as XML character data. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' })[c]!);
}

/** An error whose JSON type and query code are the same word (`ReceiptHandleIsInvalid`, `InvalidParameterValue`…). */
const plain = (code: string, message: string, status = 400) => new SqsError(code, code, message, status);
/** An error of SQS's `AWS.SimpleQueueService.*` family. */
const family = (type: string, code: string, message: string, status = 400) => new SqsError(type, `AWS.SimpleQueueService.${code}`, message, status);

/** SQS's errors, worded as SQS words them. */
export const SqsErrors = {
  queueDoesNotExist(): SqsError {
    return family('QueueDoesNotExist', 'NonExistentQueue', 'The specified queue does not exist.');
  },
  queueNameExists(attribute: string): SqsError {
    return new SqsError('QueueNameExists', 'QueueAlreadyExists', `A queue already exists with the same name and a different value for attribute ${attribute}`);
  },
  queueDeletedRecently(): SqsError {
    return family('QueueDeletedRecently', 'QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another with the same name.');
  },
  receiptHandleIsInvalid(handle: string): SqsError {
    return plain('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);
  },
  messageNotInflight(): SqsError {
    return family('MessageNotInflight', 'MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.');
  },
  invalidAttributeName(name: string): SqsError {
    return plain('InvalidAttributeName', `Unknown Attribute ${name}.`);
  },
  invalidAttributeValue(message: string): SqsError {
    return plain('InvalidAttributeValue', message);
  },
  /** `Value <v> for parameter <P> is invalid. Reason: <why>.` */
  invalidParameterValue(message: string): SqsError {
    return new SqsError('InvalidParameterValueException', 'InvalidParameterValue', message);
  },
  invalidParameter(parameter: string, value: unknown, reason: string): SqsError {
    return SqsErrors.invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
  },
  missingParameter(parameter: string): SqsError {
    return new SqsError('MissingParameter', 'MissingParameter', `The request must contain the parameter ${parameter}.`);
  },
  messageTooLong(limit: number): SqsError {
    return SqsErrors.invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`);
  },
  invalidMessageContents(): SqsError {
    return plain('InvalidMessageContents', 'Invalid characters found. Deleting message with characters not allowed in the XML 1.0 specification.');
  },
  emptyBatchRequest(entry: string): SqsError {
    return family('EmptyBatchRequest', 'EmptyBatchRequest', `There should be at least one ${entry} in the request.`);
  },
  tooManyEntriesInBatchRequest(count: number): SqsError {
    return family('TooManyEntriesInBatchRequest', 'TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${count}.`);
  },
  batchEntryIdsNotDistinct(id: string): SqsError {
    return family('BatchEntryIdsNotDistinct', 'BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
  },
  invalidBatchEntryId(): SqsError {
    return family('InvalidBatchEntryId', 'InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
  },
  batchRequestTooLong(limit: number, size: number): SqsError {
    return family('BatchRequestTooLong', 'BatchRequestTooLong', `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`);
  },
  purgeQueueInProgress(queueArn: string): SqsError {
    return family('PurgeQueueInProgress', 'PurgeQueueInProgress', `Only one PurgeQueue operation on ${queueArn} is allowed every 60 seconds.`, 403);
  },
  overLimit(message: string): SqsError {
    return plain('OverLimit', message, 403);
  },
  resourceNotFound(message: string): SqsError {
    return plain('ResourceNotFoundException', message, 404);
  },
  unsupportedOperation(message: string): SqsError {
    return family('UnsupportedOperation', 'UnsupportedOperation', message);
  },
  accessDenied(message: string): SqsError {
    return new SqsError('AccessDeniedException', 'AccessDenied', message, 403);
  },
  /**
   * What the model's constraints refused (the kit's validator): a missing member is SQS's
   * MissingParameter naming it; anything else InvalidParameterValue with the validator's words.
   */
  fromValidation(message: string, failure: ValidationFailure): SqsError {
    const missing = failure.violations.find((violation) => violation.value === null);
    if (missing) return SqsErrors.missingParameter(missing.path.split('.').pop()!.replace(/^./, (c) => c.toUpperCase()));
    return SqsErrors.invalidParameterValue(message);
  },
  /** A request body that is not JSON, or not the model's types. */
  serialization(message: string): SqsError {
    return new SqsError('SerializationException', 'MalformedQueryString', message);
  },
} as const;
