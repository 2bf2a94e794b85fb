import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../amplify/data/resource';

export type { Schema };
export const client = generateClient<Schema>();

export type Incident = Schema['Incident']['type'];
export type Service = Schema['Service']['type'];
export type TimelineEvent = Schema['TimelineEvent']['type'];
export type Severity = NonNullable<Incident['severity']>;
export type IncidentStatus = NonNullable<Incident['status']>;

export const SEVERITIES: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
export const INCIDENT_STATUSES: IncidentStatus[] = ['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED'];
export const SERVICE_STATUSES = ['OPERATIONAL', 'DEGRADED', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE', 'MAINTENANCE'] as const;

interface GraphQLErrorLike {
  message: string;
  errorType?: string;
}

/** Throws the API's errors as one Error the UI can show (never swallowed). */
export function unwrap<T>(result: { data: T; errors?: readonly GraphQLErrorLike[] | null }): T {
  if (result.errors && result.errors.length > 0) {
    throw new Error(result.errors.map((e) => (e.errorType ? `${e.errorType}: ${e.message}` : e.message)).join('\n'));
  }
  return result.data;
}

/** A readable message from anything thrown by aws-amplify (GraphQL results, network errors). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  const errors = (error as { errors?: GraphQLErrorLike[] })?.errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.map((e) => e.message).join('\n');
  return String(error);
}
