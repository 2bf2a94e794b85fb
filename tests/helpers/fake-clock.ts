import type { Clock } from '../../local/scheduler';

/**
 * A clock tests move by hand: timers fire, in time order, only when `advance` passes them.
 * @example
 * const clock = new FakeClock(Date.parse('2026-01-05T08:00:30Z'));
 * await clock.advance(60_000); // fires what was due by 08:01:30
 */
export class FakeClock implements Clock {
  private timers: { at: number; fire: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(at: number, fire: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at, fire, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  }

  /** Moves time forward, firing each timer that comes due at its own time. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = Math.max(this.current, due.at);
      due.fire();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = end;
  }

  /** When the earliest pending timer fires. */
  nextTimer(): number | undefined {
    return this.timers.map((timer) => timer.at).sort((a, b) => a - b)[0];
  }
}
