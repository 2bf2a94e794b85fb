/**
 * Time as the scheduler sees it. The system clock in a running local cloud; tests
 * inject a controllable one instead of waiting for minutes to pass.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fire` at `at` (epoch ms) or as soon after as possible; returns a cancel function. */
  setTimer(at: number, fire: () => void): () => void;
}

/** Node's timers cap a delay at about 24.8 days; longer waits re-arm in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The real clock: Date.now and timers that do not keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at, fire) {
    let timer: NodeJS.Timeout;
    let cancelled = false;
    const arm = () => {
      const delay = at - Date.now();
      if (delay > MAX_DELAY_MS) {
        timer = setTimeout(arm, MAX_DELAY_MS);
      } else {
        timer = setTimeout(() => {
          if (!cancelled) fire();
        }, Math.max(0, delay));
      }
      timer.unref();
    };
    arm();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  },
};
