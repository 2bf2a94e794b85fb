import { fork, type ChildProcess } from 'node:child_process';
import { BOOTSTRAP } from './worker';

/**
 * Runtime processes started ahead of need. Booting Node is a large part of a cold start
 * (and more on a busy machine), so after a cold start one idle runtime is made ready for
 * the next: it has loaded nothing of any function, and becomes a function's environment
 * only when told which (its environment variables then replace its own wholesale). One per
 * Node binary and set of Node flags, since flags (the heap limit) are fixed when a process starts.
 * @example
 * const standby = new StandbyRuntimes();
 * const child = standby.take(process.execPath, ['--max-old-space-size=460']); // undefined the first time
 */
export class StandbyRuntimes {
  private readonly ready = new Map<string, ChildProcess>();
  private stopped = false;

  /** `preload`: module URLs a runtime loads while it waits (see the bootstrap). */
  constructor(private readonly preload: string[] = []) {}

  /** A ready runtime of this Node with these flags, if one is waiting. */
  take(execPath: string, execArgv: string[]): ChildProcess | undefined {
    const key = [execPath, ...execArgv].join(' ');
    const child = this.ready.get(key);
    this.ready.delete(key);
    return child && child.exitCode === null && child.signalCode === null && child.connected ? child : undefined;
  }

  /**
   * Starts a runtime for these flags unless one waits already. Called once a cold start's
   * init is done, so that booting the next runtime does not slow the one being started.
   */
  replenish(execPath: string, execArgv: string[]): void {
    this.start(execPath, execArgv);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const children = [...this.ready.values()];
    this.ready.clear();
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return gone;
      }),
    );
  }

  private start(execPath: string, execArgv: string[]): void {
    const key = [execPath, ...execArgv].join(' ');
    if (this.stopped || this.ready.has(key)) return;
    const child = fork(BOOTSTRAP, [], {
      execPath,
      // Nothing of the local cloud's environment: the function's arrives with its init message.
      env: {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        FLARE_LAMBDA_STANDBY: '1',
        ...(this.preload.length > 0 ? { FLARE_LAMBDA_PRELOAD: JSON.stringify(this.preload) } : {}),
      },
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.on('error', () => {
      // A standby that failed to start is simply not used.
    });
    child.once('exit', () => {
      if (this.ready.get(key) === child) this.ready.delete(key);
    });
    this.ready.set(key, child);
  }
}
