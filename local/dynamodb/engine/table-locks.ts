/**
 * One writer at a time per table. Writes to a table are serialized so that each reads the
 * item it replaces (for stream images and conditions) and commits before the next starts,
 * and so that stream records are committed in sequence-number order. Operations spanning
 * tables (transactions, batch writes) take their tables' locks in name order, so two of
 * them never wait on each other.
 */
export class TableLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` holding the locks of `tables`. */
  async with<T>(tables: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const names = [...new Set(tables)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const name of names) releases.push(await this.acquire(name));
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(name: string): Promise<() => void> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(name, tail);
    await previous;
    return () => {
      release();
      // The last holder leaves no entry behind.
      if (this.tails.get(name) === tail) this.tails.delete(name);
    };
  }
}
