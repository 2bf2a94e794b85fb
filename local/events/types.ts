import type { Target } from '@aws-sdk/client-eventbridge';
import type { LocalService } from '../service';

/** An event as EventBridge delivers it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  /** Set on events a replay sends again. */
  'replay-name'?: string;
}

/** Where a bus or rule came from: the assembly (deployed at each start) or the API (kept in the state store). */
export type Origin = 'assembly' | 'api';

export interface BusRecord {
  name: string;
  arn: string;
  description?: string;
  /** Epoch ms. */
  createdAt: number;
  origin: Origin;
}

export interface RuleRecord {
  name: string;
  busName: string;
  arn: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  description?: string;
  roleArn?: string;
  targets: Target[];
  origin: Origin;
}

export interface ArchiveRecord {
  name: string;
  arn: string;
  sourceArn: string;
  eventPattern?: string;
  description?: string;
  /** 0: kept for ever. */
  retentionDays: number;
  state: 'ENABLED' | 'DISABLED';
  createdAt: number;
  origin: Origin;
}

export interface ArchivedEvent {
  archive: string;
  /** Epoch ms of the event's `time`: what a replay's window selects on. */
  at: number;
  event: BusEvent;
}

export interface ReplayRecord {
  name: string;
  arn: string;
  description?: string;
  archiveArn: string;
  destination: { Arn: string; FilterArns?: string[] };
  eventStartTime: number;
  eventEndTime: number;
  state: 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';
  stateReason?: string;
  replayStartTime?: number;
  replayEndTime?: number;
  eventLastReplayedTime?: number;
}

export interface PutEventsOptions {
  /** The X-Ray trace header of the request (loop detection). */
  traceHeader?: string;
  /** Events a replay sends again go only to these rules (ARNs) and not to archives. */
  replay?: { name: string; ruleArns?: readonly string[] };
}

/** The local EventBridge (service name `events`), for the services that put events in process. */
export interface EventsService extends LocalService {
  readonly name: 'events';
  /** Puts already-built events on a bus (by name or ARN): matched, archived and delivered as PutEvents does. */
  putEvent(busNameOrArn: string, event: BusEvent, options?: PutEventsOptions): Promise<void>;
  /** Delivers a scheduled rule's "Scheduled Event" to its targets (the scheduler's timer fires it). */
  fireScheduledRule(ruleArn: string, event: BusEvent): Promise<void>;
}
