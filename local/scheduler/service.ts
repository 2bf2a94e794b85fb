import { LOCAL_ACCOUNT, type AssemblyResource } from '../assembly';
import { RestJsonService } from '../edge';
import type { IamService, Principal } from '../iam/types';
import { accessDeniedMessage, authenticateRequest, authorizeRequest, restJsonAuthError } from '../iam';
import { LambdaError } from '../lambda/errors';
import type { LambdaService } from '../lambda/types';
import type { Logger } from '../reporter';
import type { LocalService, ServiceContext } from '../service';
import { systemClock, type Clock } from './clock';
import { nextCronTime } from './cron';
import { ScheduleExpressionError } from './errors';
import { parseScheduleExpression, type ScheduleExpression } from './expressions';
import { SCHEDULER_OPERATIONS, type SchedulerApi } from './operations';
import { scheduleRecords } from './schedule-records';
import { eventTime, newFiring, schedulerPayload, type Firing } from './targets';
import { instantsOf, isValidTimeZone } from './zoned-time';

/**
 * A scheduled EventBridge rule, as the local EventBridge hands it to the scheduler: the
 * scheduler keeps its time, the event bus delivers to its targets.
 */
export interface ScheduledRule {
  arn: string;
  name: string;
  /** `rate(…)` or `cron(…)`, already validated by the event bus. */
  expression: string;
  enabled: boolean;
  /** Delivers one run (the event bus sends its targets the Scheduled Event). */
  fire(scheduledTime: number): void;
}

/** What the scheduler needs of the local EventBridge (service `events`), which starts before it. */
export interface ScheduledRuleSource {
  scheduledRules(): ScheduledRule[];
}

export interface SchedulerServiceOptions {
  /** The clock schedules run on; tests pass a controllable one. Default: the system clock. */
  clock?: Clock;
}

interface Target {
  /** The Lambda function to invoke (ARN). */
  functionArn: string;
  /** The schedule's execution role (Scheduler); rules' Lambda targets rely on resource policies instead. */
  roleArn?: string;
  payload(firing: Firing): unknown;
  retry: { maximumRetryAttempts: number; maximumEventAgeSeconds: number };
}

/** A schedule or rule as it runs: what the console lists, with its next fire time. */
export interface ScheduleView {
  kind: 'schedule' | 'rule';
  name: string;
  arn: string;
  expression: string;
  timezone: string;
  state: 'ENABLED' | 'DISABLED';
  /** ISO time of the next run, absent when there is none. */
  nextFireTime?: string;
  /** The Lambda functions it invokes. */
  targets: string[];
}

interface Schedule {
  kind: 'schedule' | 'rule';
  logicalId: string;
  name: string;
  arn: string;
  expression: ScheduleExpression;
  zone: string;
  enabled: boolean;
  startDate?: number;
  endDate?: number;
  /** When a rate schedule counts from. */
  anchor: number;
  targets: Target[];
  /** A rule's run is delivered by the event bus, not to `targets`. */
  deliver?: (scheduledTime: number) => void;
  /** The minutes of a FLEXIBLE window (fired at its start locally). */
  flexibleWindowMinutes?: number;
  next?: number;
  cancel?: () => void;
}

/** Scheduler's default retry policy for a target. */
const DEFAULT_RETRY = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };
/** Retry a throttled delivery after 1 s, 2 s, 4 s… up to a minute. */
const MAX_BACKOFF_MS = 60_000;

/**
 * The local EventBridge Scheduler, and the clock of EventBridge's scheduled rules: every enabled
 * `AWS::Scheduler::Schedule` of the assembly fires its Lambda targets, asynchronously as AWS
 * invokes them, with the payload AWS sends; scheduled rules (from the assembly or PutRule) are
 * kept in time here and delivered by the local EventBridge, which owns their targets.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createLambdaService(), createSchedulerService()] });
 */
export class SchedulerLocalService implements LocalService {
  readonly name = 'scheduler';
  readonly resourceTypes = ['AWS::Scheduler::Schedule', 'AWS::Scheduler::ScheduleGroup'] as const;
  private readonly clock: Clock;
  private readonly schedules: Schedule[] = [];
  private readonly notRun: string[] = [];
  private context?: ServiceContext;
  private log?: Logger;
  private stopped = false;
  private readonly retryTimers = new Set<() => void>();

  constructor(options: SchedulerServiceOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    this.log = context.log;
    const now = this.clock.now();
    for (const resource of context.assembly.ofType('AWS::Scheduler::Schedule')) this.add(() => this.readSchedule(resource, now), resource);
    const rules = context.services.find<LocalService & ScheduledRuleSource>('events')?.scheduledRules() ?? [];
    for (const rule of rules) this.schedules.push(this.ruleSchedule(rule, now));
    if (this.schedules.length > 0) await this.keepAnchors(context, now);
    for (const schedule of this.schedules) if (schedule.enabled) this.arm(schedule, now - 1);
    const records = scheduleRecords(context.assembly, Math.floor(now / 1000));
    if (records.length === 0) return;
    const api: SchedulerApi = {
      schedules: () => records,
      authorize: (call, action, resource) => authorizeRequest(context.services.find<IamService>('iam'), call.principal as Principal | undefined, { action, resource }),
    };
    const rest = new RestJsonService({
      name: 'scheduler',
      scopeService: 'scheduler',
      pathPrefixes: ['/schedules'],
      operations: SCHEDULER_OPERATIONS.map((operation) => operation(api)),
      log: context.log,
      messageKey: 'Message',
      authenticate: (request, body) => {
        const iam = context.services.find<IamService>('iam');
        return iam ? authenticateRequest(iam, request, body, restJsonAuthError) : undefined;
      },
    });
    context.edge.addRoute(rest.route());
  }

  /** Every schedule and scheduled rule that runs, with its next fire time (no AWS API reports that). */
  describeSchedules(): ScheduleView[] {
    return this.schedules.map((schedule) => ({
      kind: schedule.kind,
      name: schedule.name,
      arn: schedule.arn,
      expression: schedule.expression.text,
      timezone: schedule.zone,
      state: schedule.enabled ? 'ENABLED' : 'DISABLED',
      ...(schedule.enabled && schedule.next !== undefined && { nextFireTime: new Date(schedule.next).toISOString() }),
      targets: schedule.targets.map((target) => target.functionArn),
    }));
  }

  /**
   * Fires a schedule or rule now, out of turn: its targets get what they would get at a run
   * (scheduled time = now), through the same role check and asynchronous invocation. Its
   * regular runs are unchanged. Returns false when no schedule has that ARN.
   */
  fireNow(arn: string): boolean {
    const schedule = this.schedules.find((candidate) => candidate.arn === arn);
    if (!schedule) return false;
    this.fire(schedule, Math.floor(this.clock.now() / 1000) * 1000);
    return true;
  }

  /**
   * A rate schedule counts from its creation, not from each start of the local cloud: the
   * first start that ran a schedule is kept (`scheduler/anchors`), and later starts count from
   * it as long as the schedule keeps its expression (a changed one counts from its change, as
   * an update of the schedule would on AWS). Without this a restart would fire a rate schedule
   * at once every time.
   */
  private async keepAnchors(context: ServiceContext, now: number): Promise<void> {
    const anchors = await context.state.collection<{ expression: string; anchor: number }>('anchors', { version: 1 });
    for (const schedule of this.schedules) {
      if (schedule.expression.kind !== 'rate' || schedule.startDate !== undefined) continue;
      const kept = anchors.get(schedule.arn);
      if (kept && kept.expression === schedule.expression.text) schedule.anchor = kept.anchor;
      else await anchors.put(schedule.arn, { expression: schedule.expression.text, anchor: now });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const schedule of this.schedules) schedule.cancel?.();
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
  }

  /**
   * What each schedule that runs counts from and when it fires next (epoch ms): the anchor is
   * the one kept in `scheduler/anchors` for a rate schedule, so it is the same after a restart.
   */
  runs(): { name: string; arn: string; expression: string; anchor: number; next?: number }[] {
    return this.schedules.map(({ name, arn, expression, anchor, next }) => ({ name, arn, expression: expression.text, anchor, next }));
  }

  summary(): string {
    const parts = this.schedules.map((schedule) => {
      const targets = schedule.deliver ? `rule ${schedule.name} (its targets, through the event bus)` : schedule.targets.map((target) => `lambda:${this.functionLabel(target.functionArn)}`).join(', ');
      const when = schedule.enabled ? (schedule.next !== undefined ? `next ${eventTime(schedule.next)}` : 'no further runs') : 'DISABLED';
      const zone = schedule.kind === 'schedule' && schedule.zone !== 'UTC' ? ` ${schedule.zone}` : '';
      const flexible = schedule.flexibleWindowMinutes ? ` (flexible ${schedule.flexibleWindowMinutes} min window: fired at its start)` : '';
      return `${schedule.expression.text}${zone} → ${targets || 'no Lambda target'}, ${when}${flexible}`;
    });
    if (this.notRun.length > 0) parts.push(`NOT run: ${this.notRun.join('; ')}`);
    return parts.length > 0 ? parts.join('; ') : 'no schedules';
  }

  private add(read: () => Schedule | undefined, resource: AssemblyResource): void {
    try {
      const schedule = read();
      if (schedule) this.schedules.push(schedule);
    } catch (error) {
      if (!(error instanceof ScheduleExpressionError)) throw error;
      this.notRun.push(`${resource.logicalId} (${error.message})`);
      this.log!.error(`${resource.logicalId}: ${error.message}; it does not run (AWS would refuse to deploy it)`);
    }
  }

  private readSchedule(resource: AssemblyResource, now: number): Schedule | undefined {
    const p = resource.properties();
    const name = resource.ref();
    const group = typeof p.GroupName === 'string' ? p.GroupName : 'default';
    const arn = `arn:aws:scheduler:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:schedule/${group}/${name}`;
    const zone = typeof p.ScheduleExpressionTimezone === 'string' ? p.ScheduleExpressionTimezone : 'UTC';
    if (!isValidTimeZone(zone)) throw new ScheduleExpressionError(String(p.ScheduleExpression), `ScheduleExpressionTimezone ${zone} is not a time zone`);
    const expression = parseScheduleExpression(String(p.ScheduleExpression ?? ''), 'scheduler');
    const target = (p.Target ?? {}) as { Arn?: string; RoleArn?: string; Input?: string; RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } };
    const retry = {
      maximumRetryAttempts: Number(target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY.maximumRetryAttempts),
      maximumEventAgeSeconds: Number(target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.maximumEventAgeSeconds),
    };
    const targets: Target[] = [];
    const targetArn = String(target.Arn ?? '');
    if (/^arn:aws:lambda:[^:]+:\d{12}:function:/.test(targetArn)) {
      targets.push({ functionArn: targetArn, roleArn: target.RoleArn, retry, payload: (firing) => schedulerPayload(target.Input, firing) });
    } else if (targetArn === 'arn:aws:scheduler:::aws-sdk:lambda:invoke') {
      // A universal target: Input is the Invoke request itself.
      const request = JSON.parse(target.Input ?? '{}') as { FunctionName?: string; Payload?: string };
      const functionArn = String(request.FunctionName ?? '');
      targets.push({ functionArn, roleArn: target.RoleArn, retry, payload: () => (request.Payload === undefined ? {} : JSON.parse(request.Payload)) });
    } else {
      this.notRun.push(`${resource.logicalId} (target ${targetArn || 'none'}: only Lambda targets run locally)`);
      this.log!.warn(`schedule ${name} targets ${targetArn || 'nothing'}: only Lambda targets run locally; it does not run`);
      return undefined;
    }
    const window = p.FlexibleTimeWindow as { Mode?: string; MaximumWindowInMinutes?: number } | undefined;
    return {
      kind: 'schedule',
      logicalId: resource.logicalId,
      name,
      arn,
      expression,
      zone,
      enabled: (p.State ?? 'ENABLED') === 'ENABLED',
      startDate: typeof p.StartDate === 'string' ? Date.parse(p.StartDate) : undefined,
      endDate: typeof p.EndDate === 'string' ? Date.parse(p.EndDate) : undefined,
      // A rate schedule without a StartDate starts invoking at once.
      anchor: typeof p.StartDate === 'string' ? Date.parse(p.StartDate) : now,
      targets,
      flexibleWindowMinutes: window?.Mode === 'FLEXIBLE' ? Number(window.MaximumWindowInMinutes ?? 0) : undefined,
    };
  }

  private ruleSchedule(rule: ScheduledRule, now: number): Schedule {
    return {
      kind: 'rule',
      logicalId: rule.name,
      name: rule.name,
      arn: rule.arn,
      expression: parseScheduleExpression(rule.expression, 'events'),
      zone: 'UTC',
      enabled: rule.enabled,
      // A rule's rate counts from its creation: the first run is one period later.
      anchor: now,
      targets: [],
      deliver: (scheduledTime) => rule.fire(scheduledTime),
    };
  }

  /**
   * Keeps a scheduled rule created, changed or re-enabled at run time (PutRule, EnableRule) in
   * time; a rule of the same ARN is replaced.
   */
  async trackRule(rule: ScheduledRule): Promise<void> {
    this.untrackRule(rule.arn);
    const now = this.clock.now();
    const schedule = this.ruleSchedule(rule, now);
    this.schedules.push(schedule);
    if (this.context && schedule.expression.kind === 'rate') await this.keepAnchors(this.context, now);
    if (schedule.enabled) this.arm(schedule, now - 1);
  }

  /** Stops a scheduled rule (DeleteRule, DisableRule, a pattern replacing the schedule). */
  untrackRule(arn: string): void {
    const index = this.schedules.findIndex((schedule) => schedule.kind === 'rule' && schedule.arn === arn);
    if (index < 0) return;
    this.schedules[index].cancel?.();
    this.schedules.splice(index, 1);
  }

  /** The first run strictly after `after`, within the schedule's start and end dates. */
  private nextRun(schedule: Schedule, after: number): number | undefined {
    const from = schedule.startDate !== undefined ? Math.max(after, schedule.startDate - 1) : after;
    let next: number | undefined;
    const { expression } = schedule;
    if (expression.kind === 'cron') next = nextCronTime(expression.cron, from, schedule.zone);
    else if (expression.kind === 'at') next = instantsOf(expression.wall, schedule.zone).find((instant) => instant > from);
    else {
      const first = schedule.kind === 'schedule' ? schedule.anchor : schedule.anchor + expression.periodMs;
      next = from < first ? first : first + (Math.floor((from - first) / expression.periodMs) + 1) * expression.periodMs;
    }
    if (next !== undefined && schedule.endDate !== undefined && next > schedule.endDate) return undefined;
    return next;
  }

  private arm(schedule: Schedule, after: number): void {
    if (this.stopped) return;
    schedule.next = this.nextRun(schedule, after);
    if (schedule.next === undefined) {
      this.log!.debug(`${schedule.name} (${schedule.expression.text}) has no further runs`);
      return;
    }
    const at = schedule.next;
    schedule.cancel = this.clock.setTimer(at, () => {
      this.fire(schedule, at);
      // Late timers (a suspended laptop) do not replay missed runs, as AWS does not.
      this.arm(schedule, Math.max(at, this.clock.now() - 1));
    });
  }

  private fire(schedule: Schedule, scheduledTime: number): void {
    this.log!.debug(`${schedule.name} fired for ${eventTime(scheduledTime)}`);
    if (schedule.deliver) {
      schedule.deliver(scheduledTime);
      return;
    }
    for (const target of schedule.targets) void this.deliver(schedule, target, newFiring(schedule.arn, scheduledTime));
  }

  private async deliver(schedule: Schedule, target: Target, firing: Firing): Promise<void> {
    const lambda = this.context!.services.find<LambdaService>('lambda');
    const label = `${schedule.name} → lambda:${this.functionLabel(target.functionArn)}`;
    if (!lambda) {
      this.log!.error(`${label}: no local Lambda service runs in this local cloud; the run is dropped`);
      return;
    }
    if (!this.allowedToInvoke(schedule, target, label)) return;
    try {
      await lambda.invoke(target.functionArn, target.payload(firing), { invocationType: 'Event', source: `${schedule.kind === 'schedule' ? 'scheduler' : 'events rule'} ${schedule.name}` });
    } catch (error) {
      const throttled = error instanceof LambdaError && error.type === 'TooManyRequestsException';
      const age = (this.clock.now() - firing.scheduledTime) / 1000;
      if (throttled && firing.attempt <= target.retry.maximumRetryAttempts && age < target.retry.maximumEventAgeSeconds) {
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (firing.attempt - 1));
        this.log!.warn(`${label}: throttled; retry ${firing.attempt} in ${delay / 1000} s`);
        const cancel = this.clock.setTimer(this.clock.now() + delay, () => {
          this.retryTimers.delete(cancel);
          void this.deliver(schedule, target, { ...firing, attempt: firing.attempt + 1 });
        });
        this.retryTimers.add(cancel);
        return;
      }
      this.log!.error(`${label}: ${(error as Error).name}: ${(error as Error).message}; the run is dropped (no dead-letter queue runs locally)`);
    }
  }

  /** The schedule's execution role must allow lambda:InvokeFunction on the target, as AWS checks. */
  private allowedToInvoke(schedule: Schedule, target: Target, label: string): boolean {
    const iam = this.context!.services.find<IamService>('iam');
    if (!iam || !target.roleArn) return true;
    let principal;
    try {
      principal = iam.principalOf(iam.issueRoleCredentials(target.roleArn, { sessionName: schedule.name.slice(0, 64).replace(/[^\w+=,.@-]/g, '-') }));
    } catch (error) {
      this.log!.error(`${label}: the execution role ${target.roleArn} cannot be assumed (${(error as Error).message}); the run is dropped`);
      return false;
    }
    const request = { action: 'lambda:InvokeFunction', resource: target.functionArn };
    const decision = iam.authorize(principal, request);
    if (decision.allowed) return true;
    this.log!.error(`${label}: ${accessDeniedMessage(principal, request, decision)}; the run is dropped`);
    return false;
  }

  /** The function's friendly name when Amplify tagged it, else its name. */
  private functionLabel(functionArn: string): string {
    const name = functionArn.split(':')[6] ?? functionArn;
    const resource = this.context?.assembly.ofType('AWS::Lambda::Function').find((candidate) => candidate.ref() === name);
    const tags = (resource?.properties().Tags ?? []) as { Key: string; Value: string }[];
    return tags.find((tag) => tag.Key === 'amplify:friendly-name')?.Value ?? name;
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createSchedulerService({ clock })] });
 */
export function createSchedulerService(options: SchedulerServiceOptions = {}): SchedulerLocalService {
  return new SchedulerLocalService(options);
}
