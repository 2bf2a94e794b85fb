/**
 * Errors a Lambda resolver throws reach the client as AppSync shapes them:
 * `errorType` from the error's name, `message` from its message. Handlers throw
 * these so clients can tell a rule violation from a crash.
 */
export class ResolverError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    // AppSync reports a Lambda error's `errorType` as the thrown error's name.
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
