/**
 * Errors a Lambda resolver throws reach the client as AppSync shapes them: the
 * message as thrown, errorType `Lambda:Unhandled` (AppSync does not pass a Lambda
 * error's own type on). The name still tells a rule violation from a crash in the
 * function's logs, where Lambda reports it as `errorType`.
 */
export class ResolverError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    // Lambda reports the thrown error's name as `errorType` in its logs and Invoke response.
    this.name = errorType;
  }
}

/** What a caller is told when a resolver fails on something that is not one of Flare's rules. */
export const INTERNAL_FAILURE_MESSAGE = 'Flare hit an unexpected error and did not finish this request';

/**
 * Re-throws domain errors that carry an `errorType` as resolver errors. Anything else is a
 * crash: its text (a TypeError's message, an SDK's wording, a table name) is for the
 * function's log, not for the person using the app, who gets one fixed sentence instead.
 */
export function toResolverError(error: unknown): ResolverError {
  if (error instanceof ResolverError) return error;
  if (error instanceof Error && 'errorType' in error && typeof error.errorType === 'string') {
    return new ResolverError(error.errorType, error.message);
  }
  console.error('resolver failed:', error);
  return new ResolverError('InternalFailure', INTERNAL_FAILURE_MESSAGE);
}
