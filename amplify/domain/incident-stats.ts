/** Incident statistics: counts and time-to-acknowledge / time-to-resolve. Pure. */
export interface IncidentForStats {
  status: string;
  severity: string;
  triggeredAt: string;
  acknowledgedAt?: string | null;
  resolvedAt?: string | null;
}

export interface DurationStats {
  /** How many incidents contributed a duration. */
  count: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
}

export interface IncidentStats {
  total: number;
  byStatus: Record<string, number>;
  bySeverity: Record<string, number>;
  timeToAcknowledge: DurationStats;
  timeToResolve: DurationStats;
}

/** Median of a list of numbers; null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function secondsBetween(from: string, to: string | null | undefined): number | null {
  if (!to) return null;
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

function durations(values: (number | null)[]): DurationStats {
  const present = values.filter((v): v is number => v !== null);
  return { count: present.length, meanSeconds: mean(present), medianSeconds: median(present) };
}

/**
 * Computes the stats for the incidents triggered at or after `since` (all when absent).
 * @example computeStats([], undefined).total === 0
 */
export function computeStats(incidents: readonly IncidentForStats[], since?: string | null): IncidentStats {
  const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  if (Number.isNaN(sinceMs)) throw new Error(`since is not a date-time: ${since}`);
  const selected = incidents.filter((i) => Date.parse(i.triggeredAt) >= sinceMs);
  const byStatus: Record<string, number> = { TRIGGERED: 0, ACKNOWLEDGED: 0, RESOLVED: 0 };
  const bySeverity: Record<string, number> = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };
  for (const incident of selected) {
    byStatus[incident.status] = (byStatus[incident.status] ?? 0) + 1;
    bySeverity[incident.severity] = (bySeverity[incident.severity] ?? 0) + 1;
  }
  return {
    total: selected.length,
    byStatus,
    bySeverity,
    timeToAcknowledge: durations(selected.map((i) => secondsBetween(i.triggeredAt, i.acknowledgedAt))),
    timeToResolve: durations(selected.map((i) => secondsBetween(i.triggeredAt, i.resolvedAt))),
  };
}
