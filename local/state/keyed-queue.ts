/**
 * Runs tasks for one key one at a time, in the order they were queued, so that what is on
 * disk and what is in memory agree on who wrote last. Tasks for different keys run freely.
 * @example
 * const queue = new KeyedQueue();
 * await queue.run('bucket/key', () => writeRecord());
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves once every task queued so far has finished (failed ones included). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
