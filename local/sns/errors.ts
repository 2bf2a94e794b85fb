import { QueryProtocolError } from '../kit/query-error';

const NAMESPACE = 'https://sns.amazonaws.com/doc/2010-03-31/';

/**
 * An SNS error in the query protocol's wire form (`<ErrorResponse><Error><Type>Sender</Type>
 * <Code>NotFound</Code>…`): the AWS SDK names the exception from the code (NotFound →
 * NotFoundException, InvalidParameter → InvalidParameterException).
 */
export class SnsError extends QueryProtocolError {
  protected readonly namespace = NAMESPACE;
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
