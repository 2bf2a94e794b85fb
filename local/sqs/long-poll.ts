import type { Queue, Received } from './queue';

/**
 * Long polling (`WaitTimeSeconds`): a receive that finds nothing waits, without blocking the
 * event loop, until a message may have become receivable (a send, a visibility change, the
 * next delay or visibility timeout to end) or its wait is over; stopping the service ends every
 * wait at once with what it has (nothing).
 */
export class LongPolls {
  private readonly waiting = new Set<() => void>();
  private stopped = false;

  /**
   * @example
   * const received = await polls.receive(queue, () => store.receive(queue, 10, undefined, Date.now()), 20_000);
   */
  async receive(queue: Queue, attempt: () => Promise<Received[]>, waitMs: number, signal?: AbortSignal): Promise<Received[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const received = await attempt();
      if (received.length > 0 || this.stopped || signal?.aborted || Date.now() >= deadline) return received;
      await new Promise<void>((resolve) => {
        const next = queue.nextAvailableAt(Date.now());
        const done = () => {
          clearTimeout(timer);
          off();
          signal?.removeEventListener('abort', done);
          this.waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, Math.min(deadline, next ?? Infinity) - Date.now()));
        const off = queue.onChange(done);
        signal?.addEventListener('abort', done);
        this.waiting.add(done);
      });
    }
  }

  /** Ends every wait (the service is stopping); later receives do not wait. */
  stop(): void {
    this.stopped = true;
    for (const done of [...this.waiting]) done();
  }
}
