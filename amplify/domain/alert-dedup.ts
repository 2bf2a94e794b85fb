/**
 * Alert deduplication by fingerprint. Pure decision; the alert-intake handler
 * performs the writes it describes.
 */
import { TEXT_LIMITS } from './text-limits';
import { createHash } from 'node:crypto';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertInput {
  fingerprint: string;
  serviceId: string;
  title: string;
  severity: Severity;
  description?: string | null;
  source?: string | null;
  /** FIRING (the default) or RESOLVED: the alert stopped at its source. */
  status?: 'FIRING' | 'RESOLVED' | null;
  /** With RESOLVED: resolve the open incident too. */
  autoResolve?: boolean | null;
  /** Idempotency key: the timeline event of an alert recorded once has an id made from it. */
  alertId?: string | null;
}

export interface OpenIncidentRef {
  id: string;
  status: string;
  triggeredAt: string;
}

export type DedupDecision =
  | { kind: 'APPEND'; incidentId: string }
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
  return { kind: 'APPEND', incidentId: open[0].id };
}

/**
 * The id of the `generation`th incident opened by alerts with this fingerprint (the
 * count of incidents the fingerprint already has). Concurrent alerts that find no open
 * incident compute the same id, so a conditional put lets exactly one of them create
 * it; the others join it. A UUID in form (version 5 bits, RFC 4122 variant).
 * @example alertIncidentId('checkout-5xx', 0) === alertIncidentId('checkout-5xx', 0) // true
 */
export function alertIncidentId(fingerprint: string, generation: number): string {
  return uuidFrom(`flare-alert\n${generation}\n${fingerprint}`);
}

/**
 * The id of the timeline event that records the alert `alertId` (`part` tells apart the events
 * one alert writes, e.g. its RESOLVED event): a second delivery of the alert finds it written.
 * @example alertEventId('m-1', 'alert') === alertEventId('m-1', 'alert') // true
 */
export function alertEventId(alertId: string, part: string): string {
  return uuidFrom(`flare-alert-event\n${part}\n${alertId}`);
}

function uuidFrom(text: string): string {
  const hash = createHash('sha256').update(text).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const MAX_FINGERPRINT_LENGTH = 256;
export const MAX_TITLE_LENGTH = TEXT_LIMITS.incidentTitle;

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
  const description = input.description?.trim() ?? '';
  if (description.length > TEXT_LIMITS.incidentDescription) problems.push(`description is at most ${TEXT_LIMITS.incidentDescription} characters`);
  if (!input.severity || !SEVERITIES.includes(input.severity)) problems.push(`severity must be one of ${SEVERITIES.join(', ')}`);
  return problems;
}
