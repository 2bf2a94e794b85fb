/**
 * API keys and usage plans ("Usage plans and API keys for REST APIs"): a method that requires
 * an API key is served only to a key that is enabled and belongs to a usage plan of the API's
 * stage; the plan's throttle (a token bucket per key, per method when the plan says so) answers
 * 429 Too Many Requests, and its quota (requests per DAY, WEEK or MONTH, counted per key and kept
 * in the state store across restarts) 429 Limit Exceeded.
 */
import type { CloudAssembly } from '../../assembly';
import type { Logger } from '../../reporter';
import type { Collection, ServiceState } from '../../state';
import { RestGatewayError } from '../errors';
import type { ThrottleSettings } from '../model';
import { TokenBuckets } from '../invoke/throttle';

export interface ApiKey {
  id: string;
  name: string;
  value: string;
  enabled: boolean;
  description?: string;
  createdDate: Date;
}

export interface UsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: { apiId: string; stage: string; throttle: Map<string, ThrottleSettings> }[];
  throttle?: ThrottleSettings;
  quota?: { limit: number; offset: number; period: 'DAY' | 'WEEK' | 'MONTH' };
  keyIds: Set<string>;
}

/** A key's use of a plan's quota in one period. */
interface QuotaUse {
  periodStart: number;
  used: number;
}

/** The start (epoch ms, UTC) of the quota period `at` falls in. */
export function periodStart(at: number, period: 'DAY' | 'WEEK' | 'MONTH', offset: number): number {
  const date = new Date(at);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const DAY_MS = 86_400_000;
  if (period === 'DAY') return day;
  if (period === 'WEEK') {
    // Offset 0 is Sunday.
    const back = (date.getUTCDay() - offset + 7) % 7;
    return day - back * DAY_MS;
  }
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) + offset * DAY_MS;
  return first <= day ? first : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1) + offset * DAY_MS;
}

function throttleOf(value: unknown): ThrottleSettings | undefined {
  const t = value as { RateLimit?: number; BurstLimit?: number } | undefined;
  if (t?.RateLimit === undefined && t?.BurstLimit === undefined) return undefined;
  return { rateLimit: Number(t.RateLimit ?? Infinity), burstLimit: Number(t.BurstLimit ?? Infinity) };
}

/**
 * The API keys and usage plans of one local cloud.
 * @example
 * const plans = await UsagePlans.load(assembly, state, log);
 * await plans.admit({ apiId, stage, method: 'GET', resourcePath: '/keyed', keyValue });
 */
export class UsagePlans {
  private readonly buckets = new TokenBuckets();
  /** Quota use as counted, ahead of the writes that make it durable (the store shows a value once written). */
  private readonly live = new Map<string, QuotaUse>();

  private constructor(
    readonly keys: Map<string, ApiKey>,
    readonly plans: Map<string, UsagePlan>,
    private readonly quota: Collection<QuotaUse>,
  ) {}

  static async load(assembly: CloudAssembly, state: ServiceState, log: Logger): Promise<UsagePlans> {
    const keys = new Map<string, ApiKey>();
    const plans = new Map<string, UsagePlan>();
    const evaluated = (type: string) =>
      assembly.ofType(type).flatMap((resource) => {
        try {
          return [{ resource, p: resource.properties() }];
        } catch (error) {
          log.warn(`${type} ${resource.cdkPath} is not run: ${(error as Error).message}`);
          return [];
        }
      });
    for (const { resource, p } of evaluated('AWS::ApiGateway::ApiKey')) {
      const id = resource.ref();
      // A key without a value gets a generated one, stable for the state directory (its id is).
      const value = typeof p.Value === 'string' ? p.Value : assembly.ids.token(`${resource.stack.path}/${resource.logicalId}#value`, 40);
      keys.set(id, { id, name: String(p.Name ?? resource.logicalId), value, enabled: p.Enabled === true || p.Enabled === 'true', description: p.Description as string | undefined, createdDate: new Date() });
    }
    for (const { resource, p } of evaluated('AWS::ApiGateway::UsagePlan')) {
      const quota = p.Quota as { Limit?: number; Offset?: number; Period?: string } | undefined;
      plans.set(resource.ref(), {
        id: resource.ref(),
        name: String(p.UsagePlanName ?? resource.logicalId),
        description: p.Description as string | undefined,
        apiStages: ((p.ApiStages as Record<string, unknown>[] | undefined) ?? []).map((stage) => ({
          apiId: String(stage.ApiId),
          stage: String(stage.Stage),
          throttle: new Map(
            Object.entries((stage.Throttle as Record<string, unknown> | undefined) ?? {}).flatMap(([path, settings]) => {
              const throttle = throttleOf(settings);
              return throttle ? [[path, throttle] as const] : [];
            }),
          ),
        })),
        throttle: throttleOf(p.Throttle),
        quota: quota?.Limit !== undefined ? { limit: Number(quota.Limit), offset: Number(quota.Offset ?? 0), period: (quota.Period as 'DAY' | 'WEEK' | 'MONTH') ?? 'DAY' } : undefined,
        keyIds: new Set(),
      });
    }
    for (const { resource, p } of evaluated('AWS::ApiGateway::UsagePlanKey')) {
      const plan = plans.get(String(p.UsagePlanId));
      if (!plan || !keys.has(String(p.KeyId))) {
        log.warn(`usage plan key ${resource.cdkPath} names a plan or key the assembly does not have; it is left out`);
        continue;
      }
      plan.keyIds.add(String(p.KeyId));
    }
    const quota = await state.collection<QuotaUse>('usage-plan-quotas', { version: 1 });
    return new UsagePlans(keys, plans, quota);
  }

  keyByValue(value: string): ApiKey | undefined {
    for (const key of this.keys.values()) if (key.value === value) return key;
    return undefined;
  }

  /**
   * Admits one request to a method that requires an API key, or throws the gateway response:
   * 403 Forbidden (no key, an unknown or disabled key, a key in no plan of this stage),
   * 429 Too Many Requests (the plan's throttle) or 429 Limit Exceeded (its quota).
   */
  async admit(request: { apiId: string; stage: string; method: string; resourcePath: string; keyValue?: string; now?: number }): Promise<ApiKey> {
    if (request.keyValue === undefined) throw RestGatewayError.of('INVALID_API_KEY', 'the method requires an API key and the request has none');
    const key = this.keyByValue(request.keyValue);
    if (!key || !key.enabled) throw RestGatewayError.of('INVALID_API_KEY', key ? `API key ${key.name} is disabled` : 'no API key has the value given');
    const plan = [...this.plans.values()].find((candidate) => candidate.keyIds.has(key.id) && candidate.apiStages.some((s) => s.apiId === request.apiId && s.stage === request.stage));
    if (!plan) throw RestGatewayError.of('INVALID_API_KEY', `API key ${key.name} is in no usage plan of stage ${request.stage}`);
    const apiStage = plan.apiStages.find((s) => s.apiId === request.apiId && s.stage === request.stage)!;
    const methodKey = `${request.resourcePath}/${request.method}`;
    const methodThrottle = apiStage.throttle.get(methodKey);
    const throttle = methodThrottle ?? plan.throttle;
    if (throttle && !this.buckets.take(`${plan.id}/${key.id}${methodThrottle ? `/${methodKey}` : ''}`, throttle)) {
      throw RestGatewayError.of('THROTTLED', `API key ${key.name} is over usage plan ${plan.name}'s throttle`);
    }
    if (plan.quota) await this.count(plan, key, request.now ?? Date.now());
    return key;
  }

  /** Counts a request against the plan's quota (the count is durable before the request goes on). */
  private async count(plan: UsagePlan, key: ApiKey, now: number): Promise<void> {
    const quota = plan.quota!;
    const start = periodStart(now, quota.period, quota.offset);
    const id = `${plan.id}/${key.id}`;
    const current = this.live.get(id) ?? this.quota.get(id);
    const used = current && current.periodStart === start ? current.used : 0;
    if (used >= quota.limit) throw RestGatewayError.of('QUOTA_EXCEEDED', `API key ${key.name} has used usage plan ${plan.name}'s quota of ${quota.limit} per ${quota.period}`);
    const next = { periodStart: start, used: used + 1 };
    this.live.set(id, next);
    await this.quota.put(id, next);
  }

  /** What a key has left of a plan's quota this period (for GetUsage-like reports and tests). */
  remaining(planId: string, keyId: string, now = Date.now()): number | undefined {
    const plan = this.plans.get(planId);
    if (!plan?.quota) return undefined;
    const current = this.live.get(`${planId}/${keyId}`) ?? this.quota.get(`${planId}/${keyId}`);
    const used = current && current.periodStart === periodStart(now, plan.quota.period, plan.quota.offset) ? current.used : 0;
    return plan.quota.limit - used;
  }
}
