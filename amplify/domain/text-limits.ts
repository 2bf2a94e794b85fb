/**
 * Limits on the text people type, shared by the app's forms (counters, trimming) and the
 * backend (resolvers reject what breaks them). APPSYNC_JS resolvers cannot import modules:
 * add-note.js, post-status-update.js and schedule-maintenance.js repeat their numbers, and an
 * assembly test checks that they match these.
 */
export const TEXT_LIMITS = {
  serviceName: 80,
  serviceDescription: 500,
  serviceGroup: 60,
  incidentTitle: 200,
  incidentDescription: 4000,
  note: 4000,
  resolution: 4000,
  statusUpdate: 2000,
  maintenanceTitle: 200,
  maintenanceDescription: 2000,
  person: 254,
} as const;
export type TextField = keyof typeof TEXT_LIMITS;

/** A rule broken by what a person typed; its message is written for that person. */
export class ValidationError extends Error {
  readonly errorType = 'ValidationError';
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * What is wrong with `value` as `label` (trimmed, non-empty, within `field`'s limit), or null.
 * @example textProblem('  ', 'Name', 'serviceName') === 'Name is required'
 */
export function textProblem(value: string | null | undefined, label: string, field: TextField, required = true): string | null {
  const text = (value ?? '').trim();
  if (text.length === 0) return required ? `${label} is required` : null;
  const limit = TEXT_LIMITS[field];
  if (text.length > limit) return `${label} is at most ${limit} characters (got ${text.length})`;
  return null;
}

/**
 * The trimmed text, or a ValidationError naming the broken rule. Optional fields give
 * undefined when empty.
 * @example requireText(' Checkout ', 'Name', 'serviceName') === 'Checkout'
 */
export function requireText(value: string | null | undefined, label: string, field: TextField): string {
  const problem = textProblem(value, label, field);
  if (problem) throw new ValidationError(problem);
  return (value ?? '').trim();
}

export function optionalText(value: string | null | undefined, label: string, field: TextField): string | undefined {
  const problem = textProblem(value, label, field, false);
  if (problem) throw new ValidationError(problem);
  const text = (value ?? '').trim();
  return text.length > 0 ? text : undefined;
}

/** The form of a service name that must be unique: case and spacing do not make a new name. */
export function serviceNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
