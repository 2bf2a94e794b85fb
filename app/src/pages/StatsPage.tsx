import { useEffect, useState } from 'react';
import { client, errorText, unwrap, type Schema } from '../lib/client';
import { useConnection } from '../lib/connection';
import { useServices } from '../lib/services';
import { ErrorBanner, Loading } from '../components/states';

type Stats = NonNullable<Schema['incidentStats']['returnType']>;

function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value < 120) return `${Math.round(value)} s`;
  if (value < 7200) return `${Math.round(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}

/** Counts by status and severity; mean and median time to acknowledge and resolve. */
export function StatsPage() {
  const { services, error: servicesError } = useServices();
  const [serviceId, setServiceId] = useState('');
  const [days, setDays] = useState('30');
  const [stats, setStats] = useState<Stats | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const { epoch, reportFailure, reportUpdate } = useConnection();

  // A failed service list shows in the page's one (dismissable) error banner.
  useEffect(() => {
    if (servicesError) setError(servicesError);
  }, [servicesError]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const since = days === 'all' ? undefined : new Date(Date.now() - Number(days) * 86_400_000).toISOString();
    client.queries
      .incidentStats({ serviceId: serviceId || undefined, since })
      .then((r) => {
        if (!live) return;
        setStats(unwrap(r) as Stats);
        reportUpdate();
      })
      .catch((e) => {
        if (!live) return;
        setError(errorText(e));
        reportFailure();
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [serviceId, days, epoch, reportFailure, reportUpdate]);

  return (
    <section aria-labelledby="stats-title" className="stats-page">
      <h2 id="stats-title">Stats</h2>
      <div className="filters">
        <label>
          Service
          <select value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            <option value="">All services</option>
            {(services ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period
          <select value={days} onChange={(e) => setDays(e.target.value)}>
            <option value="1">Last 24 hours</option>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="all">All time</option>
          </select>
        </label>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {loading ? (
        <Loading what="stats" />
      ) : (
        stats && (
          <dl className="stats" data-testid="stats">
            <dt>Incidents</dt>
            <dd>{stats.total}</dd>
            <dt>By status</dt>
            <dd>
              {Object.entries(stats.byStatus ?? {}).map(([k, v]) => (
                <span key={k}>
                  {k} {v}{' '}
                </span>
              ))}
            </dd>
            <dt>By severity</dt>
            <dd>
              {Object.entries(stats.bySeverity ?? {}).map(([k, v]) => (
                <span key={k}>
                  {k} {v}{' '}
                </span>
              ))}
            </dd>
            <dt>Time to acknowledge</dt>
            <dd>
              mean {seconds(stats.timeToAcknowledge?.meanSeconds)}, median {seconds(stats.timeToAcknowledge?.medianSeconds)} (
              {stats.timeToAcknowledge?.count ?? 0})
            </dd>
            <dt>Time to resolve</dt>
            <dd>
              mean {seconds(stats.timeToResolve?.meanSeconds)}, median {seconds(stats.timeToResolve?.medianSeconds)} ({stats.timeToResolve?.count ?? 0})
            </dd>
          </dl>
        )
      )}
    </section>
  );
}
