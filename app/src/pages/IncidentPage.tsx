import { Card, Flex, Grid, Heading, Link, Text, View } from '@aws-amplify/ui-react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { client, type Incident, type StatusUpdate, type TimelineEvent } from '../lib/client';
import { subscriptionsAcknowledged, useConnection } from '../lib/connection';
import { friendlyError, unwrap, type FriendlyError } from '../lib/errors';
import { href } from '../lib/route';
import { formatDuration, useNow } from '../lib/time';
import { SeverityBadge, StatusBadge } from '../components/badges';
import { RelativeTime } from '../components/RelativeTime';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { Attachments } from './incident/Attachments';
import { Controls } from './incident/Controls';
import { PublicUpdates } from './incident/PublicUpdates';
import { Roles } from './incident/Roles';
import { NoteForm, Timeline } from './incident/Timeline';

const byTime = (a: TimelineEvent, b: TimelineEvent) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '');
const newestFirst = (a: StatusUpdate, b: StatusUpdate) => b.postedAt.localeCompare(a.postedAt);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card variation="outlined" as="section" aria-label={title}>
      <Heading level={3} marginBottom="small">
        {title}
      </Heading>
      {children}
    </Card>
  );
}

async function readAll<T>(page: (nextToken: string | null | undefined) => Promise<{ data: T[]; nextToken?: string | null; errors?: readonly { message: string }[] | null }>): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | null | undefined;
  do {
    const result = await page(nextToken);
    all.push(...unwrap(result));
    nextToken = result.nextToken;
  } while (nextToken);
  return all;
}

/** One incident, live: controls, roles, public updates, timeline and notes, alerts, files, postmortem. */
export default function IncidentPage({ id, me }: { id: string; me: readonly string[] }) {
  const [incident, setIncident] = useState<Incident | null | undefined>(undefined);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [updates, setUpdates] = useState<StatusUpdate[]>([]);
  const [error, setError] = useState<FriendlyError | null>(null);
  const { epoch, reportFailure, reportUpdate } = useConnection();
  const now = useNow();

  const loadTimeline = useCallback(async () => {
    const all = await readAll((nextToken) => client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: id }, { sortDirection: 'ASC', nextToken }));
    setEvents((all as TimelineEvent[]).sort(byTime));
    reportUpdate();
  }, [id, reportUpdate]);

  const loadUpdates = useCallback(async () => {
    const all = await readAll((nextToken) => client.models.StatusUpdate.listStatusUpdatesByIncident({ incidentId: id }, { sortDirection: 'DESC', nextToken }));
    setUpdates((all as StatusUpdate[]).sort(newestFirst));
  }, [id]);

  const addEvent = useCallback(
    (event: TimelineEvent | null | undefined) => {
      if (!event) return;
      reportUpdate();
      setEvents((current) => (current.some((e) => e.id === event.id) ? current : [...current, event].sort(byTime)));
    },
    [reportUpdate],
  );

  // Runs again when the backend is reachable after an outage (epoch): re-read and re-subscribe.
  useEffect(() => {
    let live = true;
    const fail = (e: unknown) => {
      if (!live) return;
      setError(friendlyError(e));
      reportFailure();
    };
    const readIncident = () =>
      client.models.Incident.get({ id })
        .then((result) => live && setIncident(unwrap(result) as Incident | null))
        .catch(fail);
    const load = () => {
      void readIncident();
      loadTimeline().catch(fail);
      loadUpdates().catch(fail);
    };
    const subscriptions = [
      // Model mutation results carry protected fields as null: re-read the incident instead.
      client.models.Incident.onUpdate({ filter: { id: { eq: id } } }).subscribe({
        next: () => {
          void readIncident();
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
      client.subscriptions.onStatusUpdatePosted().subscribe({
        next: (update) => {
          if (!live || update?.incidentId !== id) return;
          reportUpdate();
          setUpdates((current) => (current.some((u) => u.id === update.id) ? current : [update as StatusUpdate, ...current].sort(newestFirst)));
        },
        error: fail,
      }),
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
  }, [id, loadTimeline, loadUpdates, addEvent, epoch, reportFailure, reportUpdate]);

  if (incident === undefined && !error) return <Loading what="incident" />;
  if (incident === null) return <ErrorAlert error={{ summary: 'This incident does not exist (any more).', details: `Incident ${id} was not found.` }} />;

  const alerts = events.filter((e) => e.kind === 'ALERT' || e.kind === 'TRIGGERED');
  return (
    <Flex as="article" direction="column" gap="medium" aria-labelledby="incident-title">
      <Link href={href({ page: 'board' })}>← All incidents</Link>
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      {incident && (
        <>
          <View>
            <Flex gap="xs" alignItems="center" wrap="wrap" marginBottom="xs">
              <SeverityBadge severity={incident.severity} />
              <StatusBadge status={incident.status} />
            </Flex>
            <Heading level={2} id="incident-title">
              {incident.title}
            </Heading>
            <Text fontSize="small" color="font.secondary">
              Triggered <RelativeTime value={incident.triggeredAt} /> · open {formatDuration((incident.resolvedAt ? Date.parse(incident.resolvedAt) : now) - Date.parse(incident.triggeredAt))} · escalation level{' '}
              {incident.escalationLevel ?? 0}
            </Text>
          </View>
          <Controls incident={incident} onError={setError} />
          {incident.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{incident.description}</Text>}
          {incident.resolution && (
            <Text style={{ whiteSpace: 'pre-wrap' }}>
              <strong>Resolution:</strong> {incident.resolution}
            </Text>
          )}
          <Grid templateColumns={{ base: 'minmax(0, 1fr)', large: 'minmax(0, 3fr) minmax(0, 2fr)' }} gap="medium" alignItems="start">
            <Flex direction="column" gap="medium" minWidth="0">
              <Section title="Timeline">
                <Timeline events={events} me={me} />
                <NoteForm incidentId={id} onError={setError} />
              </Section>
              <Section title="Attachments">
                <Attachments incidentId={id} events={events} onError={setError} />
              </Section>
            </Flex>
            <Flex direction="column" gap="medium" minWidth="0">
              <Section title="Roles">
                <Roles incident={incident} me={me} onError={setError} />
              </Section>
              <Section title="Public updates">
                <PublicUpdates incidentId={id} updates={updates} onError={setError} />
              </Section>
              <Section title="Linked alerts">
                <Text fontSize="small" color="font.secondary" marginBottom="xs">
                  {incident.alertCount ?? 1} alert{(incident.alertCount ?? 1) === 1 ? '' : 's'} from {incident.source ?? 'an unknown source'}
                  {incident.fingerprint ? ` (fingerprint ${incident.fingerprint})` : ''}
                </Text>
                {alerts.length === 0 ? (
                  <Empty>No alerts recorded.</Empty>
                ) : (
                  <View as="ul" padding="0 0 0 medium" margin="0">
                    {alerts.map((alert) => (
                      <View as="li" key={alert.id}>
                        {alert.message} · <RelativeTime value={alert.createdAt} />
                      </View>
                    ))}
                  </View>
                )}
              </Section>
              <Section title="Postmortem">
                {/* Postmortems (the Step Functions workflow) are a later issue: this is where their link goes. */}
                <Empty>{incident.status === 'RESOLVED' ? 'No postmortem has been written yet.' : 'A postmortem follows once the incident is resolved.'}</Empty>
              </Section>
            </Flex>
          </Grid>
        </>
      )}
    </Flex>
  );
}
