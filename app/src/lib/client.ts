import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../../amplify/data/resource';

export type { Schema };
/** The signed-in app's data client (user-pool auth unless a call says otherwise). */
export const client = generateClient<Schema>();

export type Incident = Schema['Incident']['type'];
export type Service = Schema['Service']['type'];
export type TimelineEvent = Schema['TimelineEvent']['type'];
export type StatusUpdate = Schema['StatusUpdate']['type'];
export type MaintenanceWindow = Schema['MaintenanceWindow']['type'];
export type Severity = NonNullable<Incident['severity']>;
export type IncidentStatus = NonNullable<Incident['status']>;
export type StatusUpdateStatus = NonNullable<StatusUpdate['status']>;

export const SEVERITIES: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
export const INCIDENT_STATUSES: IncidentStatus[] = ['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED'];
export const STATUS_UPDATE_STATUSES: StatusUpdateStatus[] = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'];
export { SERVICE_STATUSES, type ServiceStatus } from '../../../amplify/domain/service-catalog';
