import { useEffect, useState } from 'react';
import { client, type Incident } from './client';
import { friendlyError, type FriendlyError } from './errors';
import { subscriptionsAcknowledged, useConnection } from './connection';

/** Newest version wins: lifecycle writes arrive through onIncidentChanged, edits through observeQuery. */
function newer(a: Incident | undefined, b: Incident): Incident {
  if (!a) return b;
  if ((b.updatedAt ?? '') < (a.updatedAt ?? '')) return a;
  // A null from a subscription may be a protected field the message left out: keep what we knew.
  const known = Object.fromEntries(Object.entries(b).filter(([, value]) => value !== null && value !== undefined));
  return { ...a, ...known } as Incident;
}

/**
 * Every incident, kept live: observeQuery (model create/update/delete) plus
 * onIncidentChanged (acknowledge, resolve and alerts happen in function
 * resolvers, which only that subscription hears).
 */
export function useLiveIncidents(): { incidents: Incident[]; loading: boolean; error: FriendlyError | null } {
  const [fromQuery, setFromQuery] = useState<Incident[]>([]);
  const [changes, setChanges] = useState<Map<string, Incident>>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<FriendlyError | null>(null);
  const { epoch, reportFailure, reportUpdate } = useConnection();

  // Runs again when the backend is reachable after an outage (epoch): what changed meanwhile is re-read.
  useEffect(() => {
    const fail = (prefix: string) => (e: unknown) => {
      const { summary, details } = friendlyError(e);
      setError({ summary: `${prefix}${summary}`, details });
      setLoading(false);
      reportFailure();
    };
    setChanges(new Map());
    const observed = client.models.Incident.observeQuery().subscribe({
      next: ({ items, isSynced }) => {
        setFromQuery([...items] as Incident[]);
        reportUpdate();
        if (isSynced) {
          setLoading(false);
          setError(null);
        }
      },
      error: fail(''),
    });
    const lifecycle = client.subscriptions.onIncidentChanged({}).subscribe({
      next: (incident) => {
        if (!incident) return;
        reportUpdate();
        setChanges((current) => new Map(current).set(incident.id, newer(current.get(incident.id), incident as Incident)));
      },
      error: fail('Live updates failed: '),
    });
    // Amplify returns fields with field-level rules as null in model mutation results
    // (so subscribers cannot read them); re-read an updated incident to see them.
    const updates = client.models.Incident.onUpdate().subscribe({
      next: (updated) => {
        if (!updated) return;
        client.models.Incident.get({ id: updated.id })
          .then(({ data }) => {
            if (data) setChanges((current) => new Map(current).set(data.id, newer(current.get(data.id), data as Incident)));
          })
          .catch(fail(''));
      },
      error: fail('Live updates failed: '),
    });
    // observeQuery reads before its subscriptions are live: once all five are, read again so
    // that a change made in between is not missed.
    const acked = subscriptionsAcknowledged(5);
    void acked.done.then(async () => {
      let nextToken: string | null | undefined;
      do {
        const page = await client.models.Incident.list({ nextToken });
        if (page.errors?.length) throw new Error(page.errors.map((e) => e.message).join('\n'));
        setChanges((current) => {
          const next = new Map(current);
          for (const incident of page.data) next.set(incident.id, newer(next.get(incident.id), incident as Incident));
          return next;
        });
        nextToken = page.nextToken;
      } while (nextToken);
    }).catch(fail(''));
    return () => {
      acked.cancel();
      observed.unsubscribe();
      lifecycle.unsubscribe();
      updates.unsubscribe();
    };
  }, [epoch, reportFailure, reportUpdate]);

  const merged = new Map<string, Incident>();
  for (const incident of fromQuery) merged.set(incident.id, incident);
  for (const [id, incident] of changes) merged.set(id, newer(merged.get(id), incident));
  return { incidents: [...merged.values()], loading, error };
}
