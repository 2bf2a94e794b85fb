/**
 * Whether the app can reach its backend, told honestly.
 *
 * Two signals: the data category's real-time connection state (Amplify Hub, channel `api`,
 * `ConnectionState`), and failed requests reported by the pages. A failure starts a probe of
 * the GraphQL endpoint (an opaque no-cors request: any HTTP answer means reachable, a network
 * error means not) every few seconds. When the endpoint answers again, `epoch` moves on: pages
 * key their loading effects on it, so they re-read what they show and subscribe anew instead
 * of waiting for aws-amplify's own reconnect (5 s, then once a minute) — nothing that happened
 * during the outage is missed.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Hub } from 'aws-amplify/utils';
import { Alert } from '@aws-amplify/ui-react';
import { CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/data';

const PROBE_INTERVAL_MS = 2_000;

export interface Connection {
  /** False while the backend cannot be reached. */
  online: boolean;
  /** Moves on each time the backend is reachable again after an outage: refetch when it does. */
  epoch: number;
  /** When the page last received data (a load or a live message). */
  lastUpdate: Date | null;
  /** A request failed: find out whether the backend is away (the page still shows its error if not). */
  reportFailure(): void;
  /** Data arrived. */
  reportUpdate(): void;
}

const ConnectionContext = createContext<Connection>({
  online: true,
  epoch: 0,
  lastUpdate: null,
  reportFailure: () => undefined,
  reportUpdate: () => undefined,
});

/** Resolves true when anything answers HTTP at `url`, false on a network error. */
async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'POST', mode: 'no-cors', cache: 'no-store', body: '{}' });
    return true;
  } catch {
    return false;
  }
}

const DISRUPTED: ReadonlySet<string> = new Set([ConnectionState.ConnectionDisrupted, ConnectionState.ConnectionDisruptedPendingNetwork]);

/**
 * Provides the connection state to the pages below it.
 * @example
 * <ConnectionProvider endpoint={outputs.data.url}><App /></ConnectionProvider>
 */
export function ConnectionProvider({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  const [online, setOnline] = useState(true);
  const [epoch, setEpoch] = useState(0);
  const [lastUpdate, setLastUpdate] = useState<Date | null>(null);
  const offline = useRef(false);
  const probing = useRef(false);

  const recovered = useCallback(() => {
    if (!offline.current) return;
    offline.current = false;
    setOnline(true);
    setEpoch((n) => n + 1);
  }, []);

  const check = useCallback(async () => {
    if (probing.current) return;
    probing.current = true;
    try {
      if (await reachable(endpoint)) recovered();
      else if (!offline.current) {
        offline.current = true;
        setOnline(false);
      }
    } finally {
      probing.current = false;
    }
  }, [endpoint, recovered]);

  useEffect(
    () =>
      Hub.listen('api', ({ payload }) => {
        if (payload.event !== CONNECTION_STATE_CHANGE) return;
        const state = (payload.data as { connectionState: string }).connectionState;
        if (DISRUPTED.has(state)) void check();
        else if (state === ConnectionState.Connected) recovered();
      }),
    [check, recovered],
  );

  useEffect(() => {
    if (online) return;
    const timer = setInterval(() => void check(), PROBE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [online, check]);

  // Stable identities: pages list these in their effects' dependencies.
  const reportFailure = useCallback(() => void check(), [check]);
  const reportUpdate = useCallback(() => setLastUpdate(new Date()), []);
  const value = useMemo<Connection>(
    () => ({ online, epoch, lastUpdate, reportFailure, reportUpdate }),
    [online, epoch, lastUpdate, reportFailure, reportUpdate],
  );
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

/** The Hub event aws-amplify sends when AppSync acknowledges a subscription's `start`. */
const SUBSCRIPTION_ACK = 'Subscription ack';

/**
 * Resolves once `count` subscriptions have been acknowledged by AppSync (or after
 * `timeoutMs`). A page that subscribes and reads at once can miss a change made between its
 * read and the subscription's start: reading again after this closes that gap.
 * @example
 * const acked = subscriptionsAcknowledged(4);
 * acked.done.then(reload);
 */
export function subscriptionsAcknowledged(count: number, timeoutMs = 10_000): { done: Promise<void>; cancel(): void } {
  let stop = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    let seen = 0;
    const timer = setTimeout(() => finish(), timeoutMs);
    const unlisten = Hub.listen('api', ({ payload }) => {
      if (payload.event === SUBSCRIPTION_ACK && ++seen >= count) finish();
    });
    function finish() {
      clearTimeout(timer);
      unlisten();
      resolve();
    }
    stop = () => {
      clearTimeout(timer);
      unlisten();
    };
  });
  return { done, cancel: () => stop() };
}

/** The connection state (see ConnectionProvider). */
export function useConnection(): Connection {
  return useContext(ConnectionContext);
}

/** Says so, on every page, while the backend cannot be reached. */
export function ConnectionBanner() {
  const { online, lastUpdate } = useConnection();
  if (online) return null;
  return (
    <Alert variation="warning" role="status" aria-live="polite" data-testid="connection-banner" borderRadius="0">
      <strong>Reconnecting…</strong> The server cannot be reached; what you see may be out of date.
      {lastUpdate ? ` Last update ${lastUpdate.toLocaleTimeString()}.` : ' Nothing has loaded yet.'}
    </Alert>
  );
}
