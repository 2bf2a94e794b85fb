import type { Logger } from '../reporter';
import { LambdaError } from './errors';
import type { FunctionConfig } from './function-config';

/** `AWS::Lambda::EventInvokeConfig` settings that the local runner applies. */
export interface AsyncSettings {
  /** 0–2; Lambda's default is 2. */
  maximumRetryAttempts: number;
  /** 60–21600 s; Lambda's default is 6 hours. */
  maximumEventAgeSeconds: number;
}

export const DEFAULT_ASYNC_SETTINGS: AsyncSettings = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 };

/**
 * Lambda retries a failed asynchronous invocation after one minute, then after two more.
 * Tests shorten this; the default is what AWS documents.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

export interface AsyncAttempt {
  config: FunctionConfig;
  requestId: string;
  event: string;
  source?: string;
  traceId?: string;
}

export type AttemptResult = { ok: true } | { ok: false; reason: string; throttled?: boolean };

/**
 * Lambda's internal queue for `Event` invocations: the caller gets 202 at once, the event
 * runs in the background, and a function error is retried (twice by default, one and two
 * minutes apart). Throttles are retried too, until the event is too old.
 * @example
 * const queue = new AsyncInvocationQueue({ run, settingsOf, log, retryDelaysMs: [60_000, 120_000] });
 * queue.enqueue({ config, requestId, event: '{}' });
 */
export class AsyncInvocationQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly options: {
      run(attempt: AsyncAttempt): Promise<AttemptResult>;
      settingsOf(config: FunctionConfig): AsyncSettings;
      log(config: FunctionConfig): Logger;
      retryDelaysMs: readonly number[];
    },
  ) {}

  enqueue(attempt: AsyncAttempt): void {
    this.schedule(attempt, 0, 0, Date.now());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(attempt: AsyncAttempt, retries: number, delayMs: number, enqueuedAt: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(attempt, retries, enqueuedAt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(attempt: AsyncAttempt, retries: number, enqueuedAt: number): Promise<void> {
    const settings = this.options.settingsOf(attempt.config);
    const log = this.options.log(attempt.config).withRequest(attempt.requestId);
    let result: AttemptResult;
    try {
      result = await this.options.run(attempt);
    } catch (error) {
      result = { ok: false, reason: (error as Error).message, throttled: error instanceof LambdaError && error.type === 'TooManyRequestsException' };
    }
    if (result.ok || this.stopped) return;
    const age = (Date.now() - enqueuedAt) / 1000;
    if (result.throttled && age < settings.maximumEventAgeSeconds) {
      // Throttled events wait for capacity without using up a retry.
      this.schedule(attempt, retries, 1000, enqueuedAt);
      return;
    }
    if (retries < settings.maximumRetryAttempts && age < settings.maximumEventAgeSeconds) {
      const delay = this.options.retryDelaysMs[Math.min(retries, this.options.retryDelaysMs.length - 1)] ?? 0;
      log.warn(`asynchronous invocation failed (${result.reason}); retry ${retries + 1} of ${settings.maximumRetryAttempts} in ${Math.round(delay / 1000)} s`);
      this.schedule(attempt, retries + 1, delay, enqueuedAt);
      return;
    }
    log.error(`asynchronous invocation failed after ${retries + 1} attempt(s): ${result.reason}; event discarded (no failure destination runs locally)`);
  }
}
