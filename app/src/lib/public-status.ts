/**
 * Everything the public status page shows, read with the API key and kept live: services,
 * incidents (open, and the last 90 days' for the history), public updates and maintenance
 * windows. Public fields only: the API key ships in this page's bundle. The history reads the
 * incidents triggered or resolved in the last 90 days (one triggered earlier still colours the
 * days it stayed open); open incidents come from the status index, however old.
 */
import { useCallback, useEffect, useState } from 'react';
import { generateClient } from 'aws-amplify/data';
import { subscriptionsAcknowledged, useConnection } from './connection';
import { friendlyError, unwrap, type FriendlyError } from './errors';
import { historyStart } from './history';
import type { PublicIncident as FeedIncident, PublicService as FeedService } from '../../../amplify/domain/status-feed';

/** A service as the page reads it: the public fields GET /status serves, and its description. */
export interface PublicService extends FeedService {
  description?: string | null;
}

/** An incident's public fields: the same ones GET /status and its feed serve. */
export type PublicIncident = FeedIncident;

export interface PublicUpdate {
  id: string;
  incidentId: string;
  status: string;
  message: string;
  postedAt: string;
}

export interface PublicMaintenance {
  id: string;
  title: string;
  description?: string | null;
  startsAt: string;
  endsAt: string;
  serviceIds: string[];
}

const SERVICE = 'id name description group status';
const INCIDENT = 'id title severity status serviceId triggeredAt acknowledgedAt resolvedAt';
const UPDATE = 'id incidentId status message postedAt';
const MAINTENANCE = 'id title description startsAt endsAt serviceIds';

const queries = {
  services: `query PublicServices($nextToken: String) { listServices(limit: 200, nextToken: $nextToken) { items { ${SERVICE} } nextToken } }`,
  open: `query PublicOpen($status: IncidentStatus!) { listIncidentsByStatus(status: $status, sortDirection: DESC, limit: 200) { items { ${INCIDENT} } } }`,
  history: `query PublicHistory($since: String!, $nextToken: String) { listIncidents(filter: { or: [{ triggeredAt: { ge: $since } }, { resolvedAt: { ge: $since } }] }, limit: 1000, nextToken: $nextToken) { items { ${INCIDENT} } nextToken } }`,
  updates: `query PublicUpdates($since: String!) { listStatusUpdates(filter: { postedAt: { ge: $since } }, limit: 500) { items { ${UPDATE} } } }`,
  maintenance: `query PublicMaintenance { listMaintenanceWindows(limit: 200) { items { ${MAINTENANCE} } } }`,
};

/** The subscriptions that keep the page live, and what each one changes. */
const live = {
  serviceChanged: `subscription { onServiceChanged { ${SERVICE} } }`,
  serviceCreated: `subscription { onCreateService { ${SERVICE} } }`,
  serviceUpdated: `subscription { onUpdateService { ${SERVICE} } }`,
  serviceDeleted: `subscription { onDeleteService { id } }`,
  incidentChanged: `subscription { onIncidentChanged { ${INCIDENT} } }`,
  incidentCreated: `subscription { onCreateIncident { ${INCIDENT} } }`,
  incidentUpdated: `subscription { onUpdateIncident { ${INCIDENT} } }`,
  updatePosted: `subscription { onStatusUpdatePosted { ${UPDATE} } }`,
  maintenanceScheduled: `subscription { onMaintenanceScheduled { ${MAINTENANCE} } }`,
  maintenanceDeleted: `subscription { onDeleteMaintenanceWindow { id } }`,
} as const;

const RETRY_MS = 5_000;

type Result<T> = { data: T; errors?: { message: string; errorType?: string }[] };
type Observable = { subscribe(observer: object): { unsubscribe(): void } };

export interface PublicStatus {
  services: Map<string, PublicService>;
  incidents: Map<string, PublicIncident>;
  updates: Map<string, PublicUpdate>;
  maintenance: Map<string, PublicMaintenance>;
  /** Whether the page holds a complete answer: only then may it say that nothing is wrong. */
  loaded: boolean;
  error: FriendlyError | null;
}

const EMPTY: PublicStatus = { services: new Map(), incidents: new Map(), updates: new Map(), maintenance: new Map(), loaded: false, error: null };
const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
const withItem = <T extends { id: string }>(map: Map<string, T>, item: T) => new Map(map).set(item.id, item);
const without = <T>(map: Map<string, T>, id: string) => {
  const next = new Map(map);
  next.delete(id);
  return next;
};

/** Every item of a paged list query (its one field holds `items` and `nextToken`). */
async function pages<T>(read: (nextToken: string | null) => Promise<Record<string, { items: T[]; nextToken: string | null }>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | null = null;
  do {
    const [page]: { items: T[]; nextToken: string | null }[] = Object.values(await read(nextToken));
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

export function usePublicStatus(): PublicStatus {
  const { epoch, reportFailure, reportUpdate } = useConnection();
  const [state, setState] = useState<PublicStatus>(EMPTY);
  // Until the page holds an answer it tries again every few seconds (the cloud may be starting).
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (state.loaded || !state.error) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    return () => clearTimeout(timer);
  }, [state.loaded, state.error, attempt]);

  const change = useCallback(
    (update: (current: PublicStatus) => PublicStatus) => {
      reportUpdate();
      setState(update);
    },
    [reportUpdate],
  );

  useEffect(() => {
    let active = true;
    const client = generateClient();
    const run = async <T>(query: string, variables?: Record<string, unknown>) => unwrap((await client.graphql({ query, variables: variables as never, authMode: 'apiKey' })) as Result<T>);
    const fail = (e: unknown) => {
      if (!active) return;
      setState((current) => ({ ...current, error: friendlyError(e) }));
      reportFailure();
    };
    const handlers: Record<keyof typeof live, (data: never) => void> = {
      serviceChanged: (s: PublicService) => change((c) => ({ ...c, services: withItem(c.services, s) })),
      serviceCreated: (s: PublicService) => change((c) => ({ ...c, services: withItem(c.services, s) })),
      serviceUpdated: (s: PublicService) => change((c) => ({ ...c, services: withItem(c.services, s) })),
      serviceDeleted: (s: { id: string }) => change((c) => ({ ...c, services: without(c.services, s.id) })),
      incidentChanged: (i: PublicIncident) => change((c) => ({ ...c, incidents: withItem(c.incidents, i) })),
      incidentCreated: (i: PublicIncident) => change((c) => ({ ...c, incidents: withItem(c.incidents, i) })),
      incidentUpdated: (i: PublicIncident) => change((c) => ({ ...c, incidents: withItem(c.incidents, i) })),
      updatePosted: (u: PublicUpdate) => change((c) => ({ ...c, updates: withItem(c.updates, u) })),
      maintenanceScheduled: (m: PublicMaintenance) => change((c) => ({ ...c, maintenance: withItem(c.maintenance, m) })),
      maintenanceDeleted: (m: { id: string }) => change((c) => ({ ...c, maintenance: without(c.maintenance, m.id) })),
    };
    const subscriptions = (Object.keys(live) as (keyof typeof live)[]).map((name) =>
      (client.graphql({ query: live[name], authMode: 'apiKey' }) as unknown as Observable).subscribe({
        next: ({ data }: { data: Record<string, never> }) => {
          const item = Object.values(data)[0];
          if (item) handlers[name](item);
        },
        error: fail,
      }),
    );

    const load = async () => {
      const now = Date.now();
      const since = historyStart(now);
      // Every read at once: the page waits for the slowest, not for their sum.
      const [services, open, history, updates, maintenance] = await Promise.all([
        pages<PublicService>((nextToken) => run(queries.services, { nextToken })),
        Promise.all(['TRIGGERED', 'ACKNOWLEDGED'].map(async (status) => (await run<{ listIncidentsByStatus: { items: PublicIncident[] } }>(queries.open, { status })).listIncidentsByStatus.items)),
        pages<PublicIncident>((nextToken) => run(queries.history, { since, nextToken })),
        run<{ listStatusUpdates: { items: PublicUpdate[] } }>(queries.updates, { since }),
        run<{ listMaintenanceWindows: { items: PublicMaintenance[] } }>(queries.maintenance),
      ]);
      if (!active) return;
      setState({
        services: byId(services),
        incidents: byId([...history, ...open.flat()]),
        updates: byId(updates.listStatusUpdates.items),
        maintenance: byId(maintenance.listMaintenanceWindows.items.filter((m) => Date.parse(m.endsAt) > now)),
        loaded: true,
        error: null,
      });
      reportUpdate();
    };
    // Read now, and again once every subscription is live (nothing between the two is missed).
    const acked = subscriptionsAcknowledged(subscriptions.length);
    load().catch(fail);
    void acked.done.then(() => {
      if (active) load().catch(fail);
    });
    return () => {
      active = false;
      acked.cancel();
      subscriptions.forEach((s) => s.unsubscribe());
    };
  }, [change, epoch, attempt, reportFailure, reportUpdate]);

  return state;
}
