/**
 * Alert deduplication by fingerprint. Pure decision; the alert-intake handler
 * performs the writes it describes.
 */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertInput {
  fingerprint: string;
  serviceId: string;
  title: string;
  severity: Severity;
  description?: string | null;
  source?: string | null;
}

export interface OpenIncidentRef {
  id: string;
  status: string;
  alertCount?: number | null;
  triggeredAt: string;
}

export type DedupDecision =
  | { kind: 'APPEND'; incidentId: string; alertCount: number }
  | { kind: 'CREATE' };

const OPEN = new Set(['TRIGGERED', 'ACKNOWLEDGED']);

/**
 * Chooses what an alert does: join the newest open incident with the same
 * fingerprint, or open a new one.
 * @example decideAlert([]) // { kind: 'CREATE' }
 */
export function decideAlert(sameFingerprint: readonly OpenIncidentRef[]): DedupDecision {
  const open = sameFingerprint
    .filter((incident) => OPEN.has(incident.status))
    .sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt));
  if (open.length === 0) return { kind: 'CREATE' };
  const target = open[0];
  return { kind: 'APPEND', incidentId: target.id, alertCount: (target.alertCount ?? 1) + 1 };
}

export const MAX_FINGERPRINT_LENGTH = 256;
export const MAX_TITLE_LENGTH = 200;

/** Checks an alert's fields; returns a list of problems (empty when valid). */
export function validateAlert(input: Partial<AlertInput>): string[] {
  const problems: string[] = [];
  const fingerprint = input.fingerprint?.trim() ?? '';
  if (!fingerprint) problems.push('fingerprint is required');
  else if (fingerprint.length > MAX_FINGERPRINT_LENGTH) problems.push(`fingerprint is at most ${MAX_FINGERPRINT_LENGTH} characters`);
  if (!input.serviceId?.trim()) problems.push('serviceId is required');
  const title = input.title?.trim() ?? '';
  if (!title) problems.push('title is required');
  else if (title.length > MAX_TITLE_LENGTH) problems.push(`title is at most ${MAX_TITLE_LENGTH} characters`);
  if (!input.severity || !SEVERITIES.includes(input.severity)) problems.push(`severity must be one of ${SEVERITIES.join(', ')}`);
  return problems;
}
