import type { Collection, ServiceState } from '../state';
import { DEFAULT_BUS, busArn, parseRuleArn, ruleKey } from './names';
import type { ArchiveRecord, ArchivedEvent, BusEvent, BusRecord, ReplayRecord, RuleRecord } from './types';

/** An accepted event whose deliveries are not all settled: redelivered after a crash (at least once). */
export interface PendingEvent {
  busName: string;
  event: BusEvent;
  /** `<rule ARN>|<target id>` of each delivery still to settle. */
  deliveries: string[];
  traceHeader?: string;
  /** Epoch ms when EventBridge took it (ingestion time). */
  acceptedAt: number;
  replayName?: string;
}

/**
 * EventBridge's state, over collections of the state store: buses, rules with their targets,
 * archives and their events, replays, and the events whose deliveries are in flight.
 */
export class EventsStore {
  /** Each bus's rules, by name: matching reads them for every event. Rebuilt after a rule changes. */
  private rulesByBus?: Map<string, RuleRecord[]>;

  private constructor(
    readonly buses: Collection<BusRecord>,
    readonly rules: Collection<RuleRecord>,
    readonly archives: Collection<ArchiveRecord>,
    readonly archived: Collection<ArchivedEvent>,
    readonly replays: Collection<ReplayRecord>,
    readonly pending: Collection<PendingEvent>,
  ) {}

  static async open(state: ServiceState): Promise<EventsStore> {
    const [buses, rules, archives, archived, replays, pending] = await Promise.all([
      state.collection<BusRecord>('buses', { version: 1 }),
      state.collection<RuleRecord>('rules', { version: 1 }),
      state.collection<ArchiveRecord>('archives', { version: 1 }),
      state.collection<ArchivedEvent>('archived-events', { version: 1 }),
      state.collection<ReplayRecord>('replays', { version: 1 }),
      state.collection<PendingEvent>('pending-deliveries', { version: 1 }),
    ]);
    const store = new EventsStore(buses, rules, archives, archived, replays, pending);
    // Every account has its default bus.
    if (!buses.has(DEFAULT_BUS)) await buses.put(DEFAULT_BUS, { name: DEFAULT_BUS, arn: busArn(DEFAULT_BUS), createdAt: Date.now(), origin: 'assembly' });
    return store;
  }

  bus(name: string): BusRecord | undefined {
    return this.buses.get(name);
  }

  rule(bus: string, name: string): RuleRecord | undefined {
    return this.rules.get(ruleKey(bus, name));
  }

  ruleByArn(arn: string): RuleRecord | undefined {
    const parsed = parseRuleArn(arn);
    return parsed && this.rule(parsed.bus, parsed.name);
  }

  rulesOf(bus: string): readonly RuleRecord[] {
    if (!this.rulesByBus) {
      this.rulesByBus = new Map();
      for (const rule of [...this.rules.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        const list = this.rulesByBus.get(rule.busName) ?? [];
        list.push(rule);
        this.rulesByBus.set(rule.busName, list);
      }
    }
    return this.rulesByBus.get(bus) ?? [];
  }

  async putRule(rule: RuleRecord): Promise<void> {
    await this.rules.put(ruleKey(rule.busName, rule.name), rule);
    this.rulesByBus = undefined;
  }

  async deleteRule(bus: string, name: string): Promise<boolean> {
    const deleted = await this.rules.delete(ruleKey(bus, name));
    this.rulesByBus = undefined;
    return deleted;
  }

  archivedEvents(archive: string): ArchivedEvent[] {
    return [...this.archived.values()].filter((record) => record.archive === archive).sort((a, b) => a.at - b.at);
  }
}
