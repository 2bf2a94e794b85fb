/** How the process is shared between GraphQL requests. */
export const SCHEDULING = {
  /** Resolvers one request runs at once; the rest wait for a slot. */
  resolversInFlight: 8,
  /** How long a round of starts may take before the event loop gets a turn. */
  sliceMs: 4,
} as const;

interface Waiting {
  inFlight: number;
  queue: (() => void)[];
}

/**
 * Shares the process between GraphQL requests. Every resolver starts through `run`. A
 * request runs a few resolvers at a time; the next of its resolvers starts in a later turn of
 * the event loop, requests taking turns, so that I/O, timers, the real-time endpoint, the
 * scheduler service and the other services run in between. (The in-process data sources
 * answer through microtasks: without these turns one request's resolvers would run back to
 * back and hold the process until the last one.) One request with ten thousand resolvers
 * then slows the others; it cannot stop them.
 * @example
 * const scheduler = new FieldScheduler();
 * const value = await scheduler.run(requestState, () => runResolver());
 */
export class FieldScheduler {
  private readonly owners = new Map<object, Waiting>();
  private sliceStarted = 0;
  private draining = false;

  /** Starts `start` now or in the request's turn; resolves to its outcome either way. */
  run<T>(owner: object, start: () => Promise<T>): Promise<T> {
    let waiting = this.owners.get(owner);
    if (!waiting) this.owners.set(owner, (waiting = { inFlight: 0, queue: [] }));
    const state = waiting;
    return new Promise<T>((resolve, reject) => {
      const begin = () => {
        state.inFlight++;
        let running: Promise<T>;
        try {
          running = start();
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(resolve, reject).finally(() => this.finished(owner, state));
      };
      const idle = !this.draining && state.queue.length === 0 && state.inFlight < SCHEDULING.resolversInFlight;
      if (idle && performance.now() - this.sliceStarted < SCHEDULING.sliceMs) begin();
      else {
        state.queue.push(begin);
        this.scheduleDrain();
      }
    });
  }

  private finished(owner: object, state: Waiting): void {
    state.inFlight--;
    if (state.queue.length > 0) this.scheduleDrain();
    else if (state.inFlight === 0) this.owners.delete(owner);
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  /** One round: a start from each request with a free slot, in turn, until the slice is spent. */
  private drain(): void {
    this.sliceStarted = performance.now();
    let started = true;
    while (started && performance.now() - this.sliceStarted < SCHEDULING.sliceMs) {
      started = false;
      for (const state of this.owners.values()) {
        if (state.queue.length === 0 || state.inFlight >= SCHEDULING.resolversInFlight) continue;
        state.queue.shift()!();
        started = true;
      }
    }
    this.draining = false;
    // Starts still waiting for time (not for a slot) get the next round; slots freed later schedule one.
    if ([...this.owners.values()].some((state) => state.queue.length > 0 && state.inFlight < SCHEDULING.resolversInFlight)) this.scheduleDrain();
  }
}
