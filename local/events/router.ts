/**
 * What happens to an event put on a bus: it is archived by the archives whose pattern it
 * matches, matched against the bus's enabled rules, and handed to a delivery lane per rule
 * target. Before the put is acknowledged the event and its deliveries are written to the state
 * store; each delivery settles (delivered, or given up and dead-lettered) on its own, and the
 * record goes when all have. After a crash the unsettled ones are delivered again: at least
 * once, as on AWS.
 */
import { randomUUID } from 'node:crypto';
import type { Target } from '@aws-sdk/client-eventbridge';
import type { DeliveryLanes } from '../delivery';
import { compilePattern, matchesPattern, type ObjectPattern } from '../patterns';
import type { Logger } from '../reporter';
import { busArn } from './names';
import type { EventsStore, PendingEvent } from './store';
import type { BusEvent, PutEventsOptions, RuleRecord } from './types';

/** One delivery of one event to one rule target, as a lane carries it. */
export interface DeliveryPayload {
  pendingKey: string;
  /** `<rule ARN>|<target id>`. */
  delivery: string;
  busName: string;
  ruleKey: { bus: string; name: string };
  targetId: string;
  event: BusEvent;
  traceHeader?: string;
  ingestedAt: number;
}

const deliveryId = (rule: RuleRecord, target: Target) => `${rule.arn}|${target.Id}`;

export class EventRouter {
  /** Compiled patterns by their text: rules sharing a pattern share its matcher. */
  private readonly compiled = new Map<string, ObjectPattern>();
  /** Deliveries still to settle, by pending record. */
  private readonly unsettled = new Map<string, Set<string>>();

  constructor(
    private readonly store: EventsStore,
    private readonly lanes: DeliveryLanes<DeliveryPayload>,
    private readonly log: Logger,
  ) {}

  /** The matcher of a pattern the API or the assembly has already validated. */
  pattern(text: string): ObjectPattern {
    let pattern = this.compiled.get(text);
    if (!pattern) {
      if (this.compiled.size > 10_000) this.compiled.clear();
      pattern = compilePattern(text);
      this.compiled.set(text, pattern);
    }
    return pattern;
  }

  /** The bus's enabled event-pattern rules that match (only `ruleArns`, for a replay). */
  matchingRules(busName: string, event: BusEvent, ruleArns?: readonly string[]): RuleRecord[] {
    return this.store.rulesOf(busName).filter(
      (rule) =>
        rule.state !== 'DISABLED' &&
        rule.eventPattern !== undefined &&
        (ruleArns === undefined || ruleArns.includes(rule.arn)) &&
        matchesPattern(this.pattern(rule.eventPattern), event),
    );
  }

  /**
   * Takes an event in: archives it, writes its deliveries to the store (what the caller's
   * acknowledgement stands on), then starts them.
   */
  async accept(busName: string, event: BusEvent, options: PutEventsOptions = {}): Promise<void> {
    const ingestedAt = Date.now();
    if (!options.replay) await this.archive(busName, event, ingestedAt);
    const rules = this.matchingRules(busName, event, options.replay?.ruleArns);
    await this.dispatch(busName, event, rules, { traceHeader: options.traceHeader, ingestedAt, replayName: options.replay?.name });
  }

  /** Sends a scheduled rule's event to its targets (no pattern to match). */
  async fire(rule: RuleRecord, event: BusEvent): Promise<void> {
    await this.dispatch(rule.busName, event, [rule], { ingestedAt: Date.now() });
  }

  /** Starts again the deliveries a crash or stop left unsettled. */
  resume(): number {
    let count = 0;
    for (const [key, pending] of this.store.pending.entries()) {
      this.start(key, pending);
      count += pending.deliveries.length;
    }
    return count;
  }

  /** One delivery is done (delivered, or given up): the event's record goes when all are. */
  async settle(payload: DeliveryPayload): Promise<void> {
    const remaining = this.unsettled.get(payload.pendingKey);
    if (!remaining) return;
    remaining.delete(payload.delivery);
    if (remaining.size > 0) return;
    this.unsettled.delete(payload.pendingKey);
    await this.store.pending.delete(payload.pendingKey);
  }

  private async dispatch(busName: string, event: BusEvent, rules: RuleRecord[], meta: { traceHeader?: string; ingestedAt: number; replayName?: string }): Promise<void> {
    const deliveries = rules.flatMap((rule) => rule.targets.map((target) => deliveryId(rule, target)));
    if (deliveries.length === 0) return;
    const key = `${meta.ingestedAt}-${randomUUID()}`;
    const pending: PendingEvent = { busName, event, deliveries, traceHeader: meta.traceHeader, acceptedAt: meta.ingestedAt, replayName: meta.replayName };
    await this.store.pending.put(key, pending);
    this.start(key, pending);
  }

  private start(key: string, pending: PendingEvent): void {
    this.unsettled.set(key, new Set(pending.deliveries));
    for (const delivery of pending.deliveries) {
      const bar = delivery.lastIndexOf('|');
      const ruleArn = delivery.slice(0, bar);
      const rule = this.store.ruleByArn(ruleArn);
      const payload: DeliveryPayload = {
        pendingKey: key,
        delivery,
        busName: pending.busName,
        ruleKey: { bus: rule?.busName ?? pending.busName, name: rule?.name ?? ruleArn },
        targetId: delivery.slice(bar + 1),
        event: pending.event,
        traceHeader: pending.traceHeader,
        ingestedAt: pending.acceptedAt,
      };
      // One lane per rule target: its deliveries keep their order.
      this.lanes.enqueue(delivery, payload);
    }
  }

  private async archive(busName: string, event: BusEvent, at: number): Promise<void> {
    const source = busArn(busName);
    for (const archive of this.store.archives.values()) {
      if (archive.sourceArn !== source || archive.state !== 'ENABLED') continue;
      if (archive.eventPattern !== undefined && !matchesPattern(this.pattern(archive.eventPattern), event)) continue;
      const time = Date.parse(event.time);
      await this.store.archived.put(`${archive.name}/${String(at).padStart(15, '0')}/${event.id}`, { archive: archive.name, at: Number.isNaN(time) ? at : time, event });
    }
  }

  /** Events kept longer than their archive's retention are dropped. */
  async expireArchives(now = Date.now()): Promise<void> {
    for (const [key, record] of this.store.archived.entries()) {
      const archive = this.store.archives.get(record.archive);
      if (!archive) {
        await this.store.archived.delete(key);
        continue;
      }
      if (archive.retentionDays > 0 && record.at < now - archive.retentionDays * 86_400_000) await this.store.archived.delete(key);
    }
    this.log.debug('archives past their retention trimmed');
  }
}
