/**
 * What the kit refuses, before a service's own errors give it a wire form: each protocol
 * (JSON, query, REST-XML) and each service (its error type names) turns these into its answer.
 */

/** One member outside its constraint. */
export interface Violation {
  /** AWS's path to the member: `name`, `names.2.member`, `tags.1.member.key`. */
  path: string;
  /** The offending value as AWS prints it (`[a, b]`, `Tag(key=k, value=v)`); null for a missing member. */
  value: string | null;
  /** AWS's wording: `Member must have length less than or equal to 2048`. */
  constraint: string;
  /** Sensitive members never show a value they have: `Value at 'value' failed…`. */
  sensitive: boolean;
}

/** A value as AWS prints it when no shape says more: lists as `[a, b]`, objects as JSON. */
export function printed(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(printed).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** AWS lists at most this many violations in one message. */
const LISTED = 10;

/**
 * The request broke one or more constraints of the API model. `message` is AWS's:
 * "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member
 * must not be null; Value at 'value' failed to satisfy constraint: …".
 */
export class ValidationFailure extends Error {
  constructor(readonly violations: readonly Violation[]) {
    const listed = violations.slice(0, LISTED);
    // A missing member is `null` even when sensitive; a sensitive value is never shown.
    const shown = (v: Violation) => (v.value === null ? 'null ' : v.sensitive ? '' : `'${v.value}' `);
    const parts = listed.map((v) => `Value ${shown(v)}at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
    super(`${listed.length} validation error${listed.length === 1 ? '' : 's'} detected: ${parts.join('; ')}`);
    this.name = 'ValidationFailure';
  }

  /** One violation, for the checks that only an operation can make (they read like the model's). */
  static of(path: string, value: unknown, constraint: string, sensitive = false): ValidationFailure {
    return new ValidationFailure([{ path, value: value === undefined || value === null ? null : printed(value), constraint, sensitive }]);
  }
}

/** The request could not be read as the model's types (a number where a string belongs…). */
export class SerializationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerializationFailure';
  }
}

/** An operation the service does not have at all. */
export class UnknownOperationFailure extends Error {
  constructor(readonly operation: string, readonly service: string) {
    super(`Operation ${operation} is not supported by the local ${service}`);
    this.name = 'UnknownOperationFailure';
  }
}

/** An operation AWS has and the local service does not run: named, with what it belongs to. */
export class NotImplementedFailure extends Error {
  constructor(readonly operation: string, readonly service: string, readonly what: string) {
    super(`The local ${service} does not implement ${operation} (${what})`);
    this.name = 'NotImplementedFailure';
  }
}
