/**
 * The board's view, as kept in the URL: filters (service, status, severity, "mine"), a search
 * and a sort. Pure: the board and its tests use it.
 */
import type { Incident } from './client';

export const SORTS = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  severity: 'Most severe first',
  longest: 'Longest open first',
} as const;
export type Sort = keyof typeof SORTS;

export interface BoardView {
  service: string;
  status: string;
  severity: string;
  mine: boolean;
  q: string;
  sort: Sort;
}

/** The default view: open incidents, newest first. */
export const DEFAULT_VIEW: BoardView = { service: '', status: 'OPEN', severity: '', mine: false, q: '', sort: 'newest' };

export function readView(query: URLSearchParams): BoardView {
  const sort = query.get('sort') ?? '';
  return {
    service: query.get('service') ?? DEFAULT_VIEW.service,
    status: query.get('status') ?? DEFAULT_VIEW.status,
    severity: query.get('severity') ?? DEFAULT_VIEW.severity,
    mine: query.get('mine') === '1',
    q: query.get('q') ?? DEFAULT_VIEW.q,
    sort: sort in SORTS ? (sort as Sort) : DEFAULT_VIEW.sort,
  };
}

/** The query for a view; defaults are left out so plain #/board stays plain. */
export function writeView(view: BoardView): URLSearchParams {
  const query = new URLSearchParams();
  if (view.service) query.set('service', view.service);
  if (view.status !== DEFAULT_VIEW.status) query.set('status', view.status);
  if (view.severity) query.set('severity', view.severity);
  if (view.mine) query.set('mine', '1');
  if (view.q.trim()) query.set('q', view.q);
  if (view.sort !== DEFAULT_VIEW.sort) query.set('sort', view.sort);
  return query;
}

/** The people who hold a role on an incident. */
export function rolesOf(incident: Incident): (string | null | undefined)[] {
  return [incident.commander, incident.communicationsLead, incident.scribe];
}

const duration = (incident: Incident, now: number) => (incident.resolvedAt ? Date.parse(incident.resolvedAt) : now) - Date.parse(incident.triggeredAt);

/**
 * The incidents the view shows, in its order. `me` are the names the signed-in person goes by
 * (e-mail and username) for "mine"; `serviceName` lets the search match service names.
 */
export function applyView(incidents: readonly Incident[], view: BoardView, me: readonly string[], serviceName: (id: string) => string, now: number): Incident[] {
  const words = view.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = incidents.filter((incident) => {
    if (view.service && incident.serviceId !== view.service) return false;
    if (view.status === 'OPEN' ? incident.status === 'RESOLVED' : view.status && incident.status !== view.status) return false;
    if (view.severity && incident.severity !== view.severity) return false;
    if (view.mine && !rolesOf(incident).some((person) => person && me.includes(person))) return false;
    const text = `${incident.title} ${incident.description ?? ''} ${serviceName(incident.serviceId)} ${incident.commander ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  const byTime = (a: Incident, b: Incident) => b.triggeredAt.localeCompare(a.triggeredAt);
  const order: Record<Sort, (a: Incident, b: Incident) => number> = {
    newest: byTime,
    oldest: (a, b) => -byTime(a, b),
    severity: (a, b) => (a.severity ?? '').localeCompare(b.severity ?? '') || byTime(a, b),
    longest: (a, b) => duration(b, now) - duration(a, now),
  };
  return shown.sort(order[view.sort]);
}
