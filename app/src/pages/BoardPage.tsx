import { useState, type FormEvent } from 'react';
import { client, errorText, INCIDENT_STATUSES, SEVERITIES, unwrap, type Service, type Severity } from '../lib/client';
import { useLiveIncidents } from '../lib/live-incidents';
import { useServices } from '../lib/services';
import { href } from '../lib/route';
import { Empty, ErrorBanner, formatTime, Loading, SeverityBadge, StatusBadge } from '../components/states';

function ReportIncidentForm({ services }: { services: Service[] }) {
  const [title, setTitle] = useState('');
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // A manual report is an alert with a fingerprint of its own (never deduplicated).
      unwrap(
        await client.mutations.reportAlert({
          fingerprint: `manual:${crypto.randomUUID()}`,
          serviceId,
          title,
          severity,
          description: description || undefined,
          source: 'manual report',
        }),
      );
      setTitle('');
      setDescription('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="report" onSubmit={submit} aria-labelledby="report-title">
      <h3 id="report-title">Report an incident</h3>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Service
        <select value={serviceId} onChange={(e) => setServiceId(e.target.value)} required>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
      </label>
      <button type="submit" disabled={busy || !serviceId}>
        {busy ? 'Reporting…' : 'Report incident'}
      </button>
    </form>
  );
}

/** The board: incidents by status, live, with a severity filter. */
export function BoardPage() {
  const { incidents, loading, error } = useLiveIncidents();
  const { services, error: servicesError } = useServices();
  const [severity, setSeverity] = useState<'ALL' | Severity>('ALL');
  const serviceName = (id: string) => services?.find((s) => s.id === id)?.name ?? '…';
  const shown = incidents
    .filter((i) => severity === 'ALL' || i.severity === severity)
    .sort((a, b) => (b.triggeredAt ?? '').localeCompare(a.triggeredAt ?? ''));

  return (
    <section aria-labelledby="board-title" className="board-page">
      <div className="board-head">
        <h2 id="board-title">Incidents</h2>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value as 'ALL' | Severity)} aria-label="Filter by severity">
            <option value="ALL">All</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={error ?? servicesError} />
      {services && (services.length === 0 ? <Empty>No services yet: an admin adds them under Services.</Empty> : <ReportIncidentForm services={services} />)}
      {loading ? (
        <Loading what="incidents" />
      ) : (
        <div className="columns">
          {INCIDENT_STATUSES.map((status) => {
            const column = shown.filter((i) => i.status === status);
            return (
              <section key={status} className="column" aria-label={status} data-testid={`column-${status}`}>
                <h3>
                  {status} <span className="count">{column.length}</span>
                </h3>
                {column.length === 0 ? (
                  <Empty>None.</Empty>
                ) : (
                  <ul>
                    {column.map((incident) => (
                      <li key={incident.id} className="card">
                        <a href={href({ page: 'incident', id: incident.id })}>
                          <SeverityBadge severity={incident.severity} /> {incident.title}
                        </a>
                        <div className="meta">
                          {serviceName(incident.serviceId)} · {formatTime(incident.triggeredAt)}
                          {(incident.alertCount ?? 1) > 1 && <> · {incident.alertCount} alerts</>}
                          {(incident.escalationLevel ?? 0) > 0 && <> · escalated ×{incident.escalationLevel}</>}
                        </div>
                        <StatusBadge status={incident.status} />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
