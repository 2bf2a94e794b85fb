/**
 * The status page's 90-day history: one bar per day and service, coloured by the worst
 * incident that was open that day. Pure: the page and its tests use it.
 */
export const HISTORY_DAYS = 90;

export interface HistoryIncident {
  id: string;
  title: string;
  severity: string;
  serviceId: string;
  triggeredAt: string;
  resolvedAt?: string | null;
}

export interface HistoryDay {
  /** The day, `YYYY-MM-DD` in UTC. */
  date: string;
  incidents: HistoryIncident[];
  /** The most severe incident's severity that day (SEV1 is worst), or null. */
  worst: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Days from `HISTORY_DAYS - 1` days before `now` up to today (UTC), oldest first, each with
 * the service's incidents open at any time that day.
 * @example serviceHistory([], 's1', Date.parse('2026-03-31T12:00:00Z')).at(-1)?.date === '2026-03-31'
 */
export function serviceHistory(incidents: readonly HistoryIncident[], serviceId: string, now: number, days = HISTORY_DAYS): HistoryDay[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const own = incidents.filter((incident) => incident.serviceId === serviceId);
  return Array.from({ length: days }, (_, i) => {
    const start = today - (days - 1 - i) * DAY_MS;
    const end = start + DAY_MS;
    const open = own.filter((incident) => Date.parse(incident.triggeredAt) < end && (incident.resolvedAt ? Date.parse(incident.resolvedAt) : now) >= start);
    const worst = open.map((incident) => incident.severity).sort()[0] ?? null;
    return { date: new Date(start).toISOString().slice(0, 10), incidents: open, worst };
  });
}

/** The share of days without an incident, as a percentage with one decimal ("99.9"). */
export function daysWithoutIncident(history: readonly HistoryDay[]): string {
  if (history.length === 0) return '100.0';
  return ((history.filter((day) => day.incidents.length === 0).length / history.length) * 100).toFixed(1);
}

/** The instant HISTORY_DAYS days before `now`'s day began: what the page reads from. */
export function historyStart(now: number, days = HISTORY_DAYS): string {
  return new Date((Math.floor(now / DAY_MS) - (days - 1)) * DAY_MS).toISOString();
}
