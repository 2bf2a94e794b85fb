import { useEffect, useState } from 'react';
import { client, errorText, type Incident } from './client';

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
export function useLiveIncidents(): { incidents: Incident[]; loading: boolean; error: string | null } {
  const [fromQuery, setFromQuery] = useState<Incident[]>([]);
  const [changes, setChanges] = useState<Map<string, Incident>>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const observed = client.models.Incident.observeQuery().subscribe({
      next: ({ items, isSynced }) => {
        setFromQuery([...items] as Incident[]);
        if (isSynced) setLoading(false);
      },
      error: (e: unknown) => {
        setError(errorText(e));
        setLoading(false);
      },
    });
    const lifecycle = client.subscriptions.onIncidentChanged({}).subscribe({
      next: (incident) => {
        if (incident) setChanges((current) => new Map(current).set(incident.id, newer(current.get(incident.id), incident as Incident)));
      },
      error: (e: unknown) => setError(`Live updates failed: ${errorText(e)}`),
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
          .catch((e: unknown) => setError(errorText(e)));
      },
      error: (e: unknown) => setError(`Live updates failed: ${errorText(e)}`),
    });
    return () => {
      observed.unsubscribe();
      lifecycle.unsubscribe();
      updates.unsubscribe();
    };
  }, []);

  const merged = new Map<string, Incident>();
  for (const incident of fromQuery) merged.set(incident.id, incident);
  for (const [id, incident] of changes) merged.set(id, newer(merged.get(id), incident));
  return { incidents: [...merged.values()], loading, error };
}
