import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { getUrl, uploadData } from 'aws-amplify/storage';
import outputs from '@outputs';
import { localStorageSettings, localStorageUrl } from 'flare-local/client';
import { client, errorText, unwrap, type Incident, type TimelineEvent } from '../lib/client';
import { subscriptionsAcknowledged, useConnection } from '../lib/connection';
import { href } from '../lib/route';
import { Empty, ErrorBanner, formatTime, Loading, SeverityBadge, StatusBadge } from '../components/states';

const MAX_NOTE_LENGTH = 4000;

function byTime(a: TimelineEvent, b: TimelineEvent): number {
  return (a.createdAt ?? '').localeCompare(b.createdAt ?? '');
}

function Attachment({ path }: { path: string }) {
  const [error, setError] = useState<string | null>(null);
  const name = path.split('/').pop()?.replace(/^\d+-/, '') ?? path;
  const download = async () => {
    setError(null);
    try {
      const { url } = await getUrl({ path, options: { validateObjectExistence: true, expiresIn: 300 } });
      // Against the local cloud the presigned URL must point at its endpoint to open in the browser.
      const settings = localStorageSettings(outputs);
      window.open(settings ? localStorageUrl(url, settings) : url.toString(), '_blank', 'noopener');
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <span>
      <button type="button" className="link" onClick={download}>
        Download {name}
      </button>
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}

function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <Empty>No timeline events yet.</Empty>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {events.map((event) => (
        <li key={event.id} className={`event kind-${event.kind}`} data-testid="timeline-event">
          <span className="kind">{event.kind}</span> <span className="message">{event.message}</span>
          {event.attachmentKey && <Attachment path={event.attachmentKey} />}
          <div className="meta">
            {event.author ?? 'system'} · {formatTime(event.createdAt)}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Actions({ incident, onError }: { incident: Incident; onError: (message: string) => void }) {
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<{ data: unknown; errors?: { message: string; errorType?: string }[] }>) => {
    setBusy(true);
    try {
      unwrap(await action());
    } catch (e) {
      onError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (incident.status === 'RESOLVED') return null;
  const resolve = (event: FormEvent) => {
    event.preventDefault();
    void run(() => client.mutations.resolveIncident({ incidentId: incident.id, resolution })).then(() => setResolution(''));
  };
  return (
    <div className="actions">
      {incident.status === 'TRIGGERED' && (
        <button type="button" disabled={busy} onClick={() => void run(() => client.mutations.acknowledgeIncident({ incidentId: incident.id }))}>
          Acknowledge
        </button>
      )}
      <form onSubmit={resolve} className="resolve">
        <label>
          Resolution
          <input value={resolution} onChange={(e) => setResolution(e.target.value)} required maxLength={4000} />
        </label>
        <button type="submit" disabled={busy}>
          Resolve
        </button>
      </form>
    </div>
  );
}

function NoteForm({ incidentId, onError }: { incidentId: string; onError: (message: string) => void }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      unwrap(await client.mutations.addNote({ incidentId, message }));
      setMessage('');
    } catch (e) {
      onError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="note-form">
      <label>
        Add a note
        <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={2} maxLength={MAX_NOTE_LENGTH} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add note'}
      </button>
    </form>
  );
}

function AttachmentUpload({ incidentId, onError }: { incidentId: string; onError: (message: string) => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const upload = async (file: File) => {
    const path = `attachments/${incidentId}/${Date.now()}-${file.name}`;
    setProgress(0);
    try {
      await uploadData({
        path,
        data: file,
        options: {
          contentType: file.type || 'application/octet-stream',
          onProgress: ({ transferredBytes, totalBytes }) => setProgress(totalBytes ? Math.round((transferredBytes / totalBytes) * 100) : 0),
        },
      }).result;
      unwrap(await client.models.TimelineEvent.create({ incidentId, kind: 'ATTACHMENT', message: file.name, attachmentKey: path }));
    } catch (e) {
      onError(errorText(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <div className="upload">
      <label>
        Attach a file
        <input type="file" disabled={progress !== null} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      </label>
      {progress !== null && (
        <progress max={100} value={progress} aria-label="Upload progress">
          {progress}%
        </progress>
      )}
    </div>
  );
}

/** One incident: details, live timeline, notes, acknowledge/resolve, attachments. */
export function IncidentPage({ id }: { id: string }) {
  const [incident, setIncident] = useState<Incident | null | undefined>(undefined);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { epoch, reportFailure, reportUpdate } = useConnection();

  const loadTimeline = useCallback(async () => {
    const all: TimelineEvent[] = [];
    let nextToken: string | null | undefined;
    do {
      const page = await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: id }, { sortDirection: 'ASC', nextToken });
      all.push(...(unwrap(page) as TimelineEvent[]));
      nextToken = page.nextToken;
    } while (nextToken);
    setEvents(all.sort(byTime));
    reportUpdate();
  }, [id, reportUpdate]);

  const addEvent = useCallback((event: TimelineEvent | null | undefined) => {
    if (!event) return;
    reportUpdate();
    setEvents((current) => (current.some((e) => e.id === event.id) ? current : [...current, event].sort(byTime)));
  }, [reportUpdate]);

  // Runs again when the backend is reachable after an outage (epoch): re-read and re-subscribe.
  useEffect(() => {
    let live = true;
    const fail = (e: unknown) => {
      if (!live) return;
      setError(errorText(e));
      reportFailure();
    };
    const load = () => {
      client.models.Incident.get({ id })
        .then((result) => live && setIncident(unwrap(result) as Incident | null))
        .catch(fail);
      loadTimeline().catch(fail);
    };
    const subscriptions = [
      // Model mutation results carry protected fields as null: re-read the incident instead.
      client.models.Incident.onUpdate({ filter: { id: { eq: id } } }).subscribe({
        next: () => {
          client.models.Incident.get({ id })
            .then((result) => live && setIncident(unwrap(result) as Incident | null))
            .catch(fail);
          // An escalation adds a timeline event through a model mutation too.
          loadTimeline().catch(fail);
        },
        error: fail,
      }),
      client.subscriptions.onIncidentChanged({}).subscribe({
        next: (changed) => {
          if (!live || changed?.id !== id) return;
          setIncident((current) => ({ ...(current ?? {}), ...changed }) as Incident);
          // The function resolver wrote the timeline event itself: no subscription carries it.
          loadTimeline().catch(fail);
        },
        error: fail,
      }),
      client.models.TimelineEvent.onCreate({ filter: { incidentId: { eq: id } } }).subscribe({ next: addEvent, error: fail }),
      client.subscriptions.onNoteAdded({ incidentId: id }).subscribe({ next: (e) => addEvent(e as TimelineEvent), error: fail }),
    ];
    // Read now, and again once every subscription is live (nothing between the two is missed).
    const acked = subscriptionsAcknowledged(subscriptions.length);
    load();
    void acked.done.then(() => {
      if (live) load();
    });
    return () => {
      live = false;
      acked.cancel();
      subscriptions.forEach((s) => s.unsubscribe());
    };
  }, [id, loadTimeline, addEvent, epoch, reportFailure]);

  if (incident === undefined && !error) return <Loading what="incident" />;
  if (incident === null) return <ErrorBanner error={`Incident ${id} was not found.`} />;

  return (
    <article className="incident-page" aria-labelledby="incident-title">
      <p>
        <a href={href({ page: 'board' })}>← Board</a>
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {incident && (
        <>
          <h2 id="incident-title">
            <SeverityBadge severity={incident.severity} /> {incident.title}
          </h2>
          <p>
            <StatusBadge status={incident.status} /> triggered {formatTime(incident.triggeredAt)}
            {incident.commander && <> · commander {incident.commander}</>}
            {(incident.escalationLevel ?? 0) > 0 && <> · escalation level {incident.escalationLevel}</>}
            {(incident.alertCount ?? 1) > 1 && <> · {incident.alertCount} alerts</>}
          </p>
          {incident.description && <p className="description">{incident.description}</p>}
          {incident.resolution && (
            <p className="resolution">
              <strong>Resolution:</strong> {incident.resolution}
            </p>
          )}
          <Actions incident={incident} onError={setError} />
          <h3>Timeline</h3>
          <Timeline events={events} />
          <NoteForm incidentId={id} onError={setError} />
          <AttachmentUpload incidentId={id} onError={setError} />
        </>
      )}
    </article>
  );
}
