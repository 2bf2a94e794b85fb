import type { Logger } from '../reporter';
import { DeliveryFailure } from './contracts';

/** One delivery: what to deliver and how often it was tried. */
export interface DeliveryJob<T> {
  readonly lane: string;
  readonly payload: T;
  /** 1 for the first try. */
  readonly attempt: number;
  /** When it was first tried (epoch ms): retry policies bound the age of an event. */
  readonly firstAttemptAt: number;
}

export interface DeliveryLanesOptions<T> {
  /** Delivers once; throws DeliveryFailure (or any error, taken as retryable) when it fails. */
  deliver(job: DeliveryJob<T>): Promise<void>;
  /** How long to wait before the next try, or undefined to give up. */
  retryDelayMs(job: DeliveryJob<T>, failure: DeliveryFailure): number | undefined;
  /** The job failed for good: dead-letter it, report it. */
  giveUp(job: DeliveryJob<T>, failure: DeliveryFailure): Promise<void> | void;
  /** The job is done (delivered or given up): forget it. */
  settled?(job: DeliveryJob<T>): Promise<void> | void;
  log: Logger;
}

const asFailure = (error: unknown) => (error instanceof DeliveryFailure ? error : new DeliveryFailure('InternalFailure', (error as Error)?.message ?? String(error), true));

/**
 * Asynchronous deliveries in lanes (one per rule target or subscription): each lane delivers its
 * jobs one at a time in the order they came, so deliveries keep their order when nothing fails;
 * a failed job waits for its retry on a timer, out of the lane, and never holds up the others.
 * Lanes do not wait on one another: a target that hangs delays only its own lane.
 * @example
 * const lanes = new DeliveryLanes({ deliver, retryDelayMs, giveUp, log });
 * lanes.enqueue(`${ruleArn}/${targetId}`, { event, target });
 */
export class DeliveryLanes<T> {
  private readonly lanes = new Map<string, DeliveryJob<T>[]>();
  private readonly busy = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiting = new Set<() => void>();
  private inFlight = 0;
  private stopped = false;

  constructor(private readonly options: DeliveryLanesOptions<T>) {}

  enqueue(lane: string, payload: T, attempt = 1, firstAttemptAt = Date.now()): void {
    if (this.stopped) return;
    const queue = this.lanes.get(lane) ?? [];
    queue.push({ lane, payload, attempt, firstAttemptAt });
    this.lanes.set(lane, queue);
    this.pump(lane);
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.add(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.lanes.clear();
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.timers.size === 0 && [...this.lanes.values()].every((queue) => queue.length === 0);
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    for (const resolve of this.waiting) resolve();
    this.waiting.clear();
  }

  private pump(lane: string): void {
    if (this.busy.has(lane) || this.stopped) return;
    const job = this.lanes.get(lane)?.shift();
    if (!job) {
      this.lanes.delete(lane);
      this.notifyIdle();
      return;
    }
    this.busy.add(lane);
    this.inFlight++;
    void this.run(job).finally(() => {
      this.inFlight--;
      this.busy.delete(lane);
      this.pump(lane);
    });
  }

  private async run(job: DeliveryJob<T>): Promise<void> {
    try {
      await this.options.deliver(job);
      await this.options.settled?.(job);
      return;
    } catch (error) {
      const failure = asFailure(error);
      const delay = failure.retryable && !this.stopped ? this.options.retryDelayMs(job, failure) : undefined;
      if (delay === undefined) {
        try {
          await this.options.giveUp(job, failure);
          await this.options.settled?.(job);
        } catch (giveUpError) {
          this.options.log.error(`${job.lane}: could not dead-letter a failed delivery: ${(giveUpError as Error).message}`);
        }
        return;
      }
      this.options.log.warn(`${job.lane}: attempt ${job.attempt} failed (${failure.code}: ${failure.message}); retrying in ${(delay / 1000).toFixed(delay < 1000 ? 3 : 1)} s`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.enqueue(job.lane, job.payload, job.attempt + 1, job.firstAttemptAt);
      }, delay);
      this.timers.add(timer);
    }
  }
}
