/** Escalation deadlines per severity. Pure. */
export const ESCALATION_DEADLINE_MINUTES = {
  SEV1: 5,
  SEV2: 15,
  SEV3: 60,
  SEV4: 240,
} as const;

/** Escalation stops at this level; past it, people are already paged. */
export const MAX_ESCALATION_LEVEL = 3;

export interface EscalationCandidate {
  id: string;
  status: string;
  severity: keyof typeof ESCALATION_DEADLINE_MINUTES | string;
  triggeredAt: string;
  escalationLevel?: number | null;
}

/**
 * The level an unacknowledged incident should be at `now`: one level per elapsed
 * deadline, capped. Incidents that are not TRIGGERED never escalate.
 * @example dueLevel({ status: 'TRIGGERED', severity: 'SEV1', triggeredAt: t0, ... }, t0 + 6 min) === 1
 */
export function dueLevel(incident: EscalationCandidate, now: Date): number {
  if (incident.status !== 'TRIGGERED') return incident.escalationLevel ?? 0;
  const minutes = ESCALATION_DEADLINE_MINUTES[incident.severity as keyof typeof ESCALATION_DEADLINE_MINUTES];
  if (minutes === undefined) throw new Error(`Unknown severity ${incident.severity}`);
  const elapsedMs = now.getTime() - Date.parse(incident.triggeredAt);
  if (!Number.isFinite(elapsedMs) || elapsedMs < 0) return incident.escalationLevel ?? 0;
  const level = Math.floor(elapsedMs / (minutes * 60_000));
  return Math.min(Math.max(level, incident.escalationLevel ?? 0), MAX_ESCALATION_LEVEL);
}

/** Incidents whose level must rise now, with the level to set. */
export function planEscalations(incidents: readonly EscalationCandidate[], now: Date): { id: string; level: number }[] {
  return incidents
    .map((incident) => ({ id: incident.id, level: dueLevel(incident, now), current: incident.escalationLevel ?? 0 }))
    .filter((plan) => plan.level > plan.current)
    .map(({ id, level }) => ({ id, level }));
}
