/**
 * The incident state machine. Pure: handlers and tests import it directly.
 *
 * TRIGGERED → ACKNOWLEDGED → RESOLVED, and TRIGGERED → RESOLVED. Nothing leaves RESOLVED.
 */
import { TEXT_LIMITS, ValidationError } from './text-limits';

export const IncidentStatus = {
  TRIGGERED: 'TRIGGERED',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  RESOLVED: 'RESOLVED',
} as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];

export const LifecycleAction = {
  ACKNOWLEDGE: 'ACKNOWLEDGE',
  RESOLVE: 'RESOLVE',
} as const;
export type LifecycleAction = (typeof LifecycleAction)[keyof typeof LifecycleAction];

const legalSources: Record<LifecycleAction, readonly IncidentStatus[]> = {
  ACKNOWLEDGE: [IncidentStatus.TRIGGERED],
  RESOLVE: [IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED],
};

const targetStatus: Record<LifecycleAction, IncidentStatus> = {
  ACKNOWLEDGE: IncidentStatus.ACKNOWLEDGED,
  RESOLVE: IncidentStatus.RESOLVED,
};

/**
 * Error a handler turns into a GraphQL error. Its message reaches the client; AppSync
 * reports every error thrown by a Lambda resolver with errorType `Lambda:Unhandled`.
 */
export class IllegalTransitionError extends Error {
  readonly errorType = 'IllegalTransition';
  constructor(readonly from: string, readonly action: LifecycleAction) {
    super(`Cannot ${action.toLowerCase()} an incident that is ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

export const MAX_RESOLUTION_LENGTH = TEXT_LIMITS.resolution;

export interface Transition {
  from: IncidentStatus;
  to: IncidentStatus;
  /** The field that records when the transition happened. */
  timestampField: 'acknowledgedAt' | 'resolvedAt';
  timelineKind: 'ACKNOWLEDGED' | 'RESOLVED';
}

/**
 * Decides the transition for `action` from `current`, or throws IllegalTransitionError.
 * @example planTransition('TRIGGERED', 'ACKNOWLEDGE').to === 'ACKNOWLEDGED'
 */
export function planTransition(current: string, action: LifecycleAction): Transition {
  if (!(legalSources[action] as readonly string[]).includes(current)) {
    throw new IllegalTransitionError(current, action);
  }
  return {
    from: current as IncidentStatus,
    to: targetStatus[action],
    timestampField: action === 'ACKNOWLEDGE' ? 'acknowledgedAt' : 'resolvedAt',
    timelineKind: action === 'ACKNOWLEDGE' ? 'ACKNOWLEDGED' : 'RESOLVED',
  };
}

/** Validates a resolution text; returns the trimmed text or throws. */
export function validateResolution(resolution: string | null | undefined): string {
  const text = (resolution ?? '').trim();
  if (text.length === 0) throw new ValidationError('A resolution is required to resolve an incident');
  if (text.length > MAX_RESOLUTION_LENGTH) {
    throw new ValidationError(`A resolution is at most ${MAX_RESOLUTION_LENGTH} characters (got ${text.length})`);
  }
  return text;
}

export { ValidationError };

/** Thrown when the incident a lifecycle call names does not exist. */
export class IncidentNotFoundError extends Error {
  readonly errorType = 'NotFound';
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} not found`);
    this.name = 'IncidentNotFoundError';
  }
}
