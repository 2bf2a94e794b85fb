import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';
import { DeliveryFailure, DeliveryLanes, deliveryService, type DeliveryJob, type QueueService } from '../delivery';
import { serveJsonService } from '../kit';
import type { Logger } from '../reporter';
import type { ScheduledRule, SchedulerLocalService } from '../scheduler';
import type { ServiceContext } from '../service';
import type { EventsCall } from './context';
import { deployAssembly } from './deployment';
import { EVENTS_OPERATIONS } from './operations';
import { eventTime } from './names';
import { EventRouter, type DeliveryPayload } from './router';
import { EventsStore } from './store';
import { TargetDispatcher } from './targets';
import type { BusEvent, EventsService, PutEventsOptions, RuleRecord } from './types';

export interface EventsServiceOptions {
  /** The first retry's delay; each further one doubles it, up to a minute. Default 1 s (tests shorten it). */
  retryBaseMs?: number;
  /** How long an API destination may take to answer. Default 5 s, as EventBridge waits. */
  httpTimeoutMs?: number;
}

/** A target's retry policy when it states none: 185 attempts within 24 hours, as EventBridge's default. */
const DEFAULT_RETRY = { attempts: 185, ageSeconds: 86_400 };
const MAX_BACKOFF_MS = 60_000;

/**
 * The local EventBridge: the default bus and the assembly's custom buses, their rules (event
 * patterns matched by local/patterns; scheduled rules kept in time by the scheduler) and
 * targets, served on the edge (JSON 1.1, `AWSEvents.*`). Delivery is asynchronous and at least
 * once: an accepted event's deliveries are in the state store before PutEvents answers, each
 * target has its own ordered lane, failures are retried by the target's RetryPolicy and then
 * sent to its dead-letter queue (or reported).
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createLambdaService(), createEventsService(), createSchedulerService()] });
 */
export class EventsLocalService implements EventsService {
  readonly name = 'events' as const;
  readonly resourceTypes = ['AWS::Events::EventBus', 'AWS::Events::Rule', 'AWS::Events::Archive', 'AWS::Events::Connection', 'AWS::Events::ApiDestination'] as const;
  private store?: EventsStore;
  private router?: EventRouter;
  private lanes?: DeliveryLanes<DeliveryPayload>;
  private context?: ServiceContext;
  private notRun: string[] = [];
  private resumed = 0;

  constructor(private readonly options: EventsServiceOptions = {}) {}

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    const log = context.log;
    const store = await EventsStore.open(context.state);
    const deployment = await deployAssembly(context.assembly, store, log);
    this.notRun = deployment.notRun;
    const dispatcher = new TargetDispatcher({
      services: context.services,
      log,
      apiDestinations: deployment.apiDestinations,
      httpTimeoutMs: this.options.httpTimeoutMs ?? 5_000,
      forward: (busName, event, traceHeader) => this.putEvent(busName, event, { traceHeader }),
    });
    const lanes = new DeliveryLanes<DeliveryPayload>({
      deliver: async (job) => {
        const found = this.targetOf(job.payload);
        if (!found) return; // the rule or target went since: nothing to deliver to
        await dispatcher.deliver({ rule: found.rule, target: found.target, event: job.payload.event, traceHeader: job.payload.traceHeader, ingestedAt: job.payload.ingestedAt });
      },
      retryDelayMs: (job) => this.retryDelay(job),
      giveUp: (job, failure) => this.deadLetter(job, failure, log),
      settled: (job) => this.router?.settle(job.payload),
      log,
    });
    this.store = store;
    this.lanes = lanes;
    this.router = new EventRouter(store, lanes, log);
    this.resumed = this.router.resume();
    if (this.resumed > 0) log.info(`${this.resumed} delivery(ies) left unsettled by the last run are delivered again (at least once)`);
    await this.router.expireArchives();
    serveJsonService<EventsCall>({
      name: 'events',
      targetPrefixes: ['AWSEvents'],
      contentType: 'application/x-amz-json-1.1',
      registry: EVENTS_OPERATIONS,
      context,
      bind: (call) => ({ ...call, store, accept: (busName, event, options) => this.putEvent(busName, event, options), ruleChanged: (arn, rule) => this.ruleChanged(arn, rule), now: Date.now }),
    });
  }

  async stop(): Promise<void> {
    this.lanes?.stop();
  }

  /** Resolves when every delivery has settled (tests wait on it). */
  idle(): Promise<void> {
    return this.lanes?.idle() ?? Promise.resolve();
  }

  summary(): string {
    if (!this.store) return 'not started';
    const buses = [...this.store.buses.values()];
    const rules = [...this.store.rules.values()];
    const targets = rules.reduce((total, rule) => total + rule.targets.length, 0);
    const parts = [`${buses.length} bus${buses.length === 1 ? '' : 'es'} (${buses.map((bus) => bus.name).join(', ')}), ${rules.length} rule${rules.length === 1 ? '' : 's'} with ${targets} target${targets === 1 ? '' : 's'}`];
    if (this.resumed > 0) parts.push(`${this.resumed} unsettled delivery(ies) resumed`);
    if (this.notRun.length > 0) parts.push(`NOT run: ${this.notRun.join('; ')}`);
    return parts.join('; ');
  }

  async putEvent(busNameOrArn: string, event: BusEvent, options: PutEventsOptions = {}): Promise<void> {
    const busName = busNameOrArn.startsWith('arn:') ? busNameOrArn.slice(busNameOrArn.indexOf(':event-bus/') + ':event-bus/'.length) : busNameOrArn;
    if (!this.store?.bus(busName)) throw new DeliveryFailure('ResourceNotFoundException', `Event bus ${busName} does not exist.`, false);
    await this.router!.accept(busName, event, options);
  }

  async fireScheduledRule(ruleArn: string, event: BusEvent): Promise<void> {
    const rule = this.store?.ruleByArn(ruleArn);
    if (!rule || rule.state === 'DISABLED') return;
    await this.router!.fire(rule, event);
  }

  /** The scheduled rules, for the scheduler to keep in time (it starts after this service). */
  scheduledRules(): ScheduledRule[] {
    return [...(this.store?.rules.values() ?? [])].filter((rule) => rule.scheduleExpression !== undefined).map((rule) => this.scheduledRule(rule));
  }

  private scheduledRule(rule: RuleRecord): ScheduledRule {
    return {
      arn: rule.arn,
      name: rule.name,
      expression: rule.scheduleExpression!,
      enabled: rule.state !== 'DISABLED',
      fire: (scheduledTime) => {
        void this.fireScheduledRule(rule.arn, scheduledEvent(rule.arn, scheduledTime)).catch((error: unknown) => this.context?.log.error(`rule ${rule.name}: its scheduled run could not be taken in: ${(error as Error).message}`));
      },
    };
  }

  private async ruleChanged(arn: string, rule: RuleRecord | undefined): Promise<void> {
    const scheduler = this.context?.services.find<SchedulerLocalService>('scheduler');
    if (!scheduler) {
      if (rule?.scheduleExpression) this.context?.log.warn(`rule ${rule.name} is scheduled, but no local scheduler runs in this local cloud: it will not fire`);
      return;
    }
    if (rule?.scheduleExpression) await scheduler.trackRule(this.scheduledRule(rule));
    else scheduler.untrackRule(arn);
  }

  private targetOf(payload: DeliveryPayload): { rule: RuleRecord; target: NonNullable<RuleRecord['targets']>[number] } | undefined {
    const rule = this.store?.rule(payload.ruleKey.bus, payload.ruleKey.name) ?? this.store?.ruleByArn(payload.delivery.slice(0, payload.delivery.lastIndexOf('|')));
    const target = rule?.targets.find((candidate) => candidate.Id === payload.targetId);
    return rule && target ? { rule, target } : undefined;
  }

  /** Exponential backoff within the target's retry policy (attempts and event age). */
  private retryDelay(job: DeliveryJob<DeliveryPayload>): number | undefined {
    const policy = this.targetOf(job.payload)?.target.RetryPolicy;
    const attempts = policy?.MaximumRetryAttempts ?? DEFAULT_RETRY.attempts;
    const ageMs = (policy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.ageSeconds) * 1000;
    if (job.attempt > attempts) return undefined;
    const delay = Math.min(MAX_BACKOFF_MS, (this.options.retryBaseMs ?? 1_000) * 2 ** (job.attempt - 1));
    return Date.now() + delay - job.payload.ingestedAt > ageMs ? undefined : delay;
  }

  /**
   * A delivery that failed for good goes to the target's dead-letter queue with the attributes
   * EventBridge adds (ERROR_CODE, ERROR_MESSAGE, RULE_ARN, TARGET_ARN); without one it is reported.
   */
  private async deadLetter(job: DeliveryJob<DeliveryPayload>, failure: DeliveryFailure, log: Logger): Promise<void> {
    const found = this.targetOf(job.payload);
    const dlq = found?.target.DeadLetterConfig?.Arn;
    const where = `rule ${job.payload.ruleKey.name} target ${job.payload.targetId}`;
    if (!found || !dlq) {
      log.error(`${where}: event ${job.payload.event.id} not delivered after ${job.attempt} attempt(s) (${failure.code}: ${failure.message}); it has no dead-letter queue, so it is dropped`);
      return;
    }
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    const sqs = deliveryService<QueueService>(this.context!.services, 'sqs', 'sendMessage', dlq);
    await sqs.sendMessage(
      dlq,
      {
        body: JSON.stringify(job.payload.event),
        attributes: { ERROR_CODE: attribute(failure.code), ERROR_MESSAGE: attribute(failure.message.slice(0, 1000)), RULE_ARN: attribute(found.rule.arn), TARGET_ARN: attribute(String(found.target.Arn)) },
      },
      { service: 'events.amazonaws.com', sourceArn: found.rule.arn },
    );
    log.warn(`${where}: event ${job.payload.event.id} not delivered after ${job.attempt} attempt(s) (${failure.code}); sent to its dead-letter queue ${dlq}`);
  }
}

/** The event a scheduled rule sends its targets. */
function scheduledEvent(ruleArn: string, scheduledTime: number): BusEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT.accountId,
    time: eventTime(scheduledTime),
    region: LOCAL_ACCOUNT.region,
    resources: [ruleArn],
    detail: {},
  };
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createEventsService()] });
 */
export function createEventsService(options: EventsServiceOptions = {}): EventsLocalService {
  return new EventsLocalService(options);
}

