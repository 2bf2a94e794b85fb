/**
 * A problem the user can fix (a missing backend, a bad flag, a port in use): printed as
 * the message and what to do, never as a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly resolution: string,
    /** 2 for usage errors, 1 otherwise (as most CLIs do). */
    readonly exitCode = 1,
    /** More lines to show between the message and the resolution (e.g. compiler output). */
    readonly details?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error: an unknown command or flag, a missing argument. */
export function usageError(message: string): CliError {
  return new CliError(message, 'Run `flare-local --help` for the commands and their options.', 2);
}
