import { getNamedType, isLeafType, type GraphQLResolveInfo } from 'graphql';
import { AppSyncFieldError } from '../errors';

/**
 * What one GraphQL request may spend, as AppSync bounds it: the API's query depth and
 * resolver count (`QueryDepthLimit`, `ResolverCountLimit` of `AWS::AppSync::GraphQLApi`),
 * 30 seconds, and the size of the response. (Sharing the process between requests is the
 * FieldScheduler's part.)
 */
export const EXECUTION_LIMITS = {
  /** AppSync ends a request after 30 s (not configurable). */
  timeoutMs: 30_000,
  /** `ResolverCountLimit` 0 or unset: 10,000 resolvers per request. */
  resolverCount: 10_000,
  /** AppSync's largest response. */
  responseBytes: 5 * 1024 * 1024,
} as const;

/** The API's own limits, from its synthesized properties. */
export interface ApiLimits {
  /** `QueryDepthLimit` (1–75); undefined: no limit. */
  queryDepth?: number;
  /** `ResolverCountLimit` (1–10,000; 0 or unset is 10,000). */
  resolverCount: number;
}

/** AppSync's field errors for a request over its limits. */
export const limitReached = {
  depth: () => new AppSyncFieldError({ errorType: 'QueryDepthLimitReached', message: 'Query depth limit reached' }),
  resolvers: () => new AppSyncFieldError({ errorType: 'ResolverExecutionLimitReached', message: 'Resolver invocation limit reached' }),
  timeout: () => new AppSyncFieldError({ errorType: 'ExecutionTimeout', message: 'Execution timed out.' }),
  responseSize: () => new AppSyncFieldError({ errorType: 'ResponseTooLarge', message: `The response exceeds AppSync's limit of ${EXECUTION_LIMITS.responseBytes} bytes.` }),
} as const;

/** Why a request stopped before it finished. */
export type StopReason = 'timeout' | 'responseSize';

/** Roughly what a field adds to the response's JSON (the exact size is checked once written). */
function jsonSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'bigint':
      return 12;
    case 'boolean':
      return 5;
    default:
      if (Array.isArray(value)) return value.reduce((n: number, item) => n + jsonSize(item) + 1, 2);
      return JSON.stringify(value)?.length ?? 4;
  }
}

/** A field's depth in the query: its response path's names (list indexes do not count), leaves included. */
function fieldDepth(path: GraphQLResolveInfo['path']): number {
  let depth = 0;
  for (let p: GraphQLResolveInfo['path'] | undefined = path; p; p = p.prev) if (typeof p.key === 'string') depth++;
  return depth;
}

/**
 * One request's budget: checked for every field as it is resolved.
 * @example
 * const budget = new ExecutionBudget(api.limits);
 * budget.enterField(info); // throws QueryDepthLimitReached past the API's depth
 * budget.countResolver();  // throws ResolverExecutionLimitReached past its resolver count
 */
export class ExecutionBudget {
  private resolvers = 0;
  private bytes = 0;
  private stopReason?: StopReason;

  constructor(private readonly limits: ApiLimits) {}

  /** Why the request stopped early, if it did (every field still to run then fails at once). */
  get stopped(): StopReason | undefined {
    return this.stopReason;
  }

  stop(reason: StopReason): void {
    this.stopReason ??= reason;
  }

  /** Called as each field starts: a stopped request or a field past the depth limit fails here. */
  enterField(info: GraphQLResolveInfo): void {
    this.checkRunning();
    if (this.limits.queryDepth !== undefined && fieldDepth(info.path) > this.limits.queryDepth) throw this.failed(limitReached.depth());
  }

  /** Throws the reason a request stopped early, if it did: what it had still to run fails at once. */
  checkRunning(): void {
    if (this.stopReason) throw this.stopReason === 'timeout' ? limitReached.timeout() : limitReached.responseSize();
  }

  /** Called before each resolver runs. */
  countResolver(): void {
    if (++this.resolvers > this.limits.resolverCount) throw this.failed(limitReached.resolvers());
  }

  /** Adds a field's value to the response being built; past AppSync's size the request stops. */
  addValue(info: GraphQLResolveInfo, value: unknown): void {
    this.bytes += String(info.path.key).length + 3 + (isLeafType(getNamedType(info.returnType)) ? jsonSize(value) : 2);
    if (this.bytes > EXECUTION_LIMITS.responseBytes) this.stop('responseSize');
  }

  /** An error entry is part of the response too. */
  private failed(error: AppSyncFieldError): AppSyncFieldError {
    this.bytes += 160 + error.message.length;
    if (this.bytes > EXECUTION_LIMITS.responseBytes) this.stop('responseSize');
    return error;
  }
}
