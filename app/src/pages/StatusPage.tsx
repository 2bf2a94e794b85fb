import { useCallback, useEffect, useState } from 'react';
import { client, errorText, unwrap } from '../lib/client';
import { subscriptionsAcknowledged, useConnection } from '../lib/connection';
import { Empty, ErrorBanner, formatTime, Loading, SeverityBadge, StatusBadge } from '../components/states';

/** Public fields only: the API key ships in this page's bundle. */
const PUBLIC_INCIDENT_FIELDS = 'id title severity status serviceId triggeredAt acknowledgedAt resolvedAt';

interface PublicService {
  id: string;
  name: string;
  description?: string | null;
  status: string;
}

interface PublicIncident {
  id: string;
  title: string;
  severity: string;
  status: string;
  serviceId: string;
  triggeredAt: string;
  acknowledgedAt?: string | null;
  resolvedAt?: string | null;
}

const listServices = /* GraphQL */ `
  query StatusServices($nextToken: String) {
    listServices(limit: 100, nextToken: $nextToken) { items { id name description status } nextToken }
  }`;
const listOpen = /* GraphQL */ `
  query StatusIncidents($status: IncidentStatus!) {
    listIncidentsByStatus(status: $status, sortDirection: DESC, limit: 100) { items { ${PUBLIC_INCIDENT_FIELDS} } }
  }`;
const changed = /* GraphQL */ `subscription StatusChanged { onIncidentChanged { ${PUBLIC_INCIDENT_FIELDS} } }`;
const created = /* GraphQL */ `subscription StatusCreated { onCreateIncident { ${PUBLIC_INCIDENT_FIELDS} } }`;
const updated = /* GraphQL */ `subscription StatusUpdated { onUpdateIncident { ${PUBLIC_INCIDENT_FIELDS} } }`;
const serviceUpdated = /* GraphQL */ `subscription StatusServiceUpdated { onUpdateService { id name description status } }`;

const RETRY_MS = 5_000;

type Result<T> = { data: T; errors?: { message: string; errorType?: string }[] };

/** The public status page: services and open incidents, live, no sign-in (API key). */
export function StatusPage() {
  const { online, epoch, lastUpdate, reportFailure, reportUpdate } = useConnection();
  const [services, setServices] = useState<PublicService[] | null>(null);
  const [incidents, setIncidents] = useState<Map<string, PublicIncident>>(new Map());
  // Whether this page holds a complete answer: only then may it say that nothing is wrong.
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Until the page holds an answer it tries again every few seconds (the cloud may be starting).
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (loaded || !error) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    return () => clearTimeout(timer);
  }, [loaded, error, attempt]);

  const upsert = useCallback(
    (incident: PublicIncident | null | undefined) => {
      if (!incident) return;
      reportUpdate();
      setIncidents((current) => new Map(current).set(incident.id, incident));
    },
    [reportUpdate],
  );

  useEffect(() => {
    let live = true;
    const fail = (prefix: string) => (e: unknown) => {
      if (!live) return;
      setError(`${prefix}${errorText(e)}`);
      reportFailure();
    };
    const subscriptions = [changed, created, updated].map((query) =>
      (client.graphql({ query, authMode: 'apiKey' }) as unknown as { subscribe: (o: object) => { unsubscribe(): void } }).subscribe({
        next: ({ data }: { data: Record<string, PublicIncident> }) => upsert(Object.values(data)[0]),
        error: fail('Live updates failed: '),
      }),
    );
    subscriptions.push(
      (client.graphql({ query: serviceUpdated, authMode: 'apiKey' }) as unknown as { subscribe: (o: object) => { unsubscribe(): void } }).subscribe({
        next: ({ data }: { data: { onUpdateService: PublicService } }) => {
          reportUpdate();
          setServices((current) => current?.map((s) => (s.id === data.onUpdateService.id ? data.onUpdateService : s)) ?? current);
        },
        error: fail('Live updates failed: '),
      }),
    );
    const load = async () => {
      const serviceList = unwrap((await client.graphql({ query: listServices, authMode: 'apiKey' })) as Result<{ listServices: { items: PublicService[] } }>);
      const open = await Promise.all(
        ['TRIGGERED', 'ACKNOWLEDGED'].map(async (status) =>
          unwrap((await client.graphql({ query: listOpen, variables: { status }, authMode: 'apiKey' })) as Result<{ listIncidentsByStatus: { items: PublicIncident[] } }>)
            .listIncidentsByStatus.items,
        ),
      );
      if (!live) return;
      setServices(serviceList.listServices.items);
      setIncidents(new Map(open.flat().map((incident) => [incident.id, incident])));
      setLoaded(true);
      setError(null);
      reportUpdate();
    };
    // Read now, and again once every subscription is live (nothing between the two is missed).
    const acked = subscriptionsAcknowledged(subscriptions.length);
    load().catch(fail(''));
    void acked.done.then(() => {
      if (live) load().catch(fail(''));
    });
    return () => {
      live = false;
      acked.cancel();
      subscriptions.forEach((s) => s.unsubscribe());
    };
  }, [upsert, epoch, attempt, reportFailure, reportUpdate]);

  const open = [...incidents.values()].filter((i) => i.status !== 'RESOLVED').sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt));
  const serviceName = (id: string) => services?.find((s) => s.id === id)?.name ?? 'Unknown service';

  return (
    <section aria-labelledby="status-title" className="status-page">
      <h2 id="status-title">System status</h2>
      <ErrorBanner error={error} />
      {!loaded ? (
        error || !online ? (
          <p className="state unavailable" role="alert" data-testid="status-unavailable">
            The current status cannot be loaded right now. This page keeps trying.
          </p>
        ) : (
          <Loading what="status" />
        )
      ) : (
        <>
          <ul className="services" aria-label="Services">
            {services?.length === 0 && <Empty>No services are listed yet.</Empty>}
            {services?.map((service) => (
              <li key={service.id} className="service">
                <strong>{service.name}</strong> <StatusBadge status={service.status} />
                {service.description && <p>{service.description}</p>}
              </li>
            ))}
          </ul>
          <h3>Open incidents</h3>
          {open.length === 0 ? (
            <Empty>{online ? 'No open incidents. All systems go.' : `No open incidents as of ${lastUpdate?.toLocaleTimeString() ?? 'the last update'}.`}</Empty>
          ) : (
            <ul className="incidents" aria-label="Open incidents">
              {open.map((incident) => (
                <li key={incident.id} className="incident" data-testid="public-incident">
                  <SeverityBadge severity={incident.severity} /> <strong>{incident.title}</strong>{' '}
                  <StatusBadge status={incident.status} />
                  <div className="meta">
                    {serviceName(incident.serviceId)} · since {formatTime(incident.triggeredAt)}
                    {incident.acknowledgedAt && <> · acknowledged {formatTime(incident.acknowledgedAt)}</>}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
