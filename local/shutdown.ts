import type { Logger } from './reporter';

/** How long a stop may take after Ctrl-C or SIGTERM before the process exits anyway. */
export const STOP_GRACE_MS = 5000;

/**
 * Stops on SIGINT or SIGTERM: `stop()` (services in reverse order, the edge last), then exit
 * 0, saying what `stop()` returns (or "stopped"). The process is gone within `graceMs` whatever it was doing: a stop that takes longer
 * exits 1, naming it, and a second signal exits at once. (Requests in flight cannot hold the
 * signal back: execution takes turns with the event loop, where signals are delivered.)
 * @example
 * stopOnSignals(() => cloud.stop(), reporter.for('local'));
 */
export function stopOnSignals(stop: () => Promise<string | void>, log: Logger, graceMs = STOP_GRACE_MS): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting for the stop to finish`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: stopping…`);
    const late = setTimeout(() => {
      log.error(`the local cloud did not stop within ${graceMs / 1000} s of ${signal}: exiting anyway`);
      process.exit(1);
    }, graceMs);
    stop().then(
      (said) => {
        clearTimeout(late);
        log.done(said || 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(late);
        log.error(`stopping failed: ${(error as Error).stack ?? error}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
