import { escapeXml } from '../iam/errors';

const NAMESPACE = 'https://sns.amazonaws.com/doc/2010-03-31/';

/**
 * An SNS error in the query protocol's wire form (`<ErrorResponse><Error><Type>Sender</Type>
 * <Code>NotFound</Code>…`): the AWS SDK names the exception from the code (NotFound →
 * NotFoundException, InvalidParameter → InvalidParameterException).
 */
export class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }

  toXml(requestId: string): string {
    return (
      `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${this.type}</Type><Code>${escapeXml(this.code)}</Code>` +
      `<Message>${escapeXml(this.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
    );
  }
}

/** SNS's errors, worded as SNS words them. */
export const SnsErrors = {
  invalidParameter: (reason: string) => new SnsError('InvalidParameter', `Invalid parameter: ${reason}`),
  topicNotFound: () => new SnsError('NotFound', 'Topic does not exist', 404),
  subscriptionNotFound: () => new SnsError('NotFound', 'Subscription does not exist', 404),
  validation: (message: string) => new SnsError('ValidationError', message),
  authorization: (message: string) => new SnsError('AuthorizationError', message, 403),
  emptyBatch: () => new SnsError('EmptyBatchRequest', "The batch request doesn't contain any entries."),
  tooManyEntries: () => new SnsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.'),
  idsNotDistinct: () => new SnsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.'),
  batchTooLong: () => new SnsError('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.'),
  notImplemented: (message: string) => new SnsError('InvalidAction', message),
} as const;

export { NAMESPACE };
