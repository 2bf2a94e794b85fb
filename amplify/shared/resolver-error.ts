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

/** Re-throws domain errors that carry an `errorType` as resolver errors; others unchanged. */
export function toResolverError(error: unknown): unknown {
  if (error instanceof Error && 'errorType' in error && typeof error.errorType === 'string') {
    return new ResolverError(error.errorType, error.message);
  }
  return error;
}
