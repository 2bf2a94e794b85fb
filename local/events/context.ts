import type { OperationCall } from '../kit';
import type { EventsStore } from './store';
import type { BusEvent, PutEventsOptions, RuleRecord } from './types';

/** What every EventBridge operation is handed: the common call, the store, and the bus's entry points. */
export interface EventsCall extends OperationCall {
  readonly store: EventsStore;
  /** Takes an event in on a bus: archived, matched, its deliveries durable before this resolves. */
  accept(busName: string, event: BusEvent, options?: PutEventsOptions): Promise<void>;
  /** A rule was put, enabled, disabled or deleted (undefined): scheduled rules are kept in time by the scheduler. */
  ruleChanged(arn: string, rule: RuleRecord | undefined): Promise<void>;
  /** Epoch milliseconds. */
  now(): number;
}
