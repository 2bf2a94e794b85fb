import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` when `deps` change (and on `reload()`), keeping the last value while a new
 * one loads. Results of superseded runs are dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const id = ++run.current;
    setState((previous) => ({ value: previous.value, loading: true }));
    load().then(
      (value) => id === run.current && setState({ value, loading: false }),
      (error: unknown) => id === run.current && setState((previous) => ({ value: previous.value, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}

/** Calls `tick` now and every `intervalMs` while mounted (and the tab is visible). */
export function useInterval(tick: () => void, intervalMs: number, deps: readonly unknown[] = []): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    latest.current();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, intervalMs);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [intervalMs, ...deps]);
}
