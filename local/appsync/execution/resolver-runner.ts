import type { Logger } from '../../reporter';
import type { DataSourceConfig, HandlerCode, ResolverConfig, RuntimeName } from '../api/config';
import type { DataSource } from '../data-sources';
import { AppSyncFieldError, MappingTemplateError, NotImplementedLocallyError } from '../errors';
import {
  TemplateError,
  TemplateRuntimeError,
  type AppSyncResolverError,
  type Evaluation,
  type ExtensionEffects,
  type ResolverContext,
  type ResolverRuntime,
} from '../runtime/types';

/** The result of running one field's resolver. */
export interface ResolverOutcome {
  value: unknown;
  /** Set when the field fails: it becomes null and this joins `errors[]`. */
  error?: AppSyncFieldError;
  /** `$util.appendError` entries: reported beside the value. */
  appendedErrors: AppSyncResolverError[];
  /** `$extensions` effects of every handler that ran (subscription filters…). */
  effects: ExtensionEffects[];
}

export interface ResolverCall {
  resolver: ResolverConfig;
  context: ResolverContext;
  requestId: string;
  log: Logger;
}

/** Thrown inside the runner to end the resolver early with a value (`#return` in a before handler). */
class ResolverReturn {
  constructor(readonly value: unknown) {}
}

/**
 * Runs unit and pipeline resolvers as AppSync does: request handler → data source →
 * response handler; pipelines run the before handler, each function (sharing the
 * stash, `prev.result` flowing on), then the after handler. `#return` /
 * `runtime.earlyReturn` in a function's request skips its data source and response;
 * in the before handler or a unit request it ends the resolver with that value.
 * @example
 * const outcome = await runner.run({ resolver, context, requestId, log });
 */
export class ResolverRunner {
  constructor(
    private readonly runtimes: Partial<Record<RuntimeName, ResolverRuntime>>,
    private readonly dataSources: ReadonlyMap<string, { config: DataSourceConfig; source: DataSource }>,
  ) {}

  async run(call: ResolverCall): Promise<ResolverOutcome> {
    const effects: ExtensionEffects[] = [];
    const { context } = call;
    try {
      const value = call.resolver.kind === 'PIPELINE' ? await this.pipeline(call, effects) : await this.unit(call, effects);
      return { value, appendedErrors: context.outErrors, effects };
    } catch (error) {
      if (error instanceof ResolverReturn) return { value: error.value, appendedErrors: context.outErrors, effects };
      if (error instanceof AppSyncFieldError) return { value: null, error, appendedErrors: context.outErrors, effects };
      throw error;
    }
  }

  private async unit(call: ResolverCall, effects: ExtensionEffects[]): Promise<unknown> {
    const { resolver } = call;
    return this.dataSourceStep(call, resolver.code, resolver.dataSourceName!, resolver.maxBatchSize, effects, true);
  }

  private async pipeline(call: ResolverCall, effects: ExtensionEffects[]): Promise<unknown> {
    const { resolver, context } = call;
    if (resolver.code.request === undefined || resolver.code.response === undefined) {
      throw new MappingTemplateError(`Pipeline resolver ${resolver.typeName}.${resolver.fieldName} needs both a before and an after handler`);
    }
    const before = this.evaluate('request', resolver.code, context, effects, call.log);
    if (before.returned) return before.value;
    context.prev = { result: before.value };
    for (const fn of resolver.functions) {
      context.result = undefined;
      context.error = null;
      const result = await this.dataSourceStep(call, fn.code, fn.dataSourceName, fn.maxBatchSize, effects, false);
      context.prev = { result };
    }
    context.result = context.prev.result;
    context.error = null;
    return this.evaluate('response', resolver.code, context, effects, call.log).value;
  }

  /** request handler → data source → response handler, for a unit resolver or a pipeline function. */
  private async dataSourceStep(
    call: ResolverCall,
    code: HandlerCode,
    dataSourceName: string,
    maxBatchSize: number,
    effects: ExtensionEffects[],
    endsResolver: boolean,
  ): Promise<unknown> {
    const { context } = call;
    const dataSource = this.dataSources.get(dataSourceName);
    if (!dataSource) throw new MappingTemplateError(`${code.location} names data source ${dataSourceName}, which this API does not have`);
    const direct = code.runtime === 'VTL' && code.request === undefined;
    let request: unknown;
    if (direct) {
      if (dataSource.config.type !== 'AWS_LAMBDA') throw new MappingTemplateError(`${code.location} has no request mapping template (only Lambda data sources may omit it)`);
      request = { operation: maxBatchSize > 0 ? 'BatchInvoke' : 'Invoke', payload: directLambdaPayload(context) };
    } else {
      const evaluated = this.evaluate('request', code, context, effects, call.log);
      if (evaluated.returned) {
        if (endsResolver) throw new ResolverReturn(evaluated.value);
        return evaluated.value;
      }
      request = evaluated.value;
    }
    const outcome = await dataSource.source.invoke({
      request,
      context,
      field: `${context.info.parentTypeName}.${context.info.fieldName}`,
      batchKey: `${call.requestId}\0${code.location}`,
      maxBatchSize,
      requestId: call.requestId,
      log: call.log,
    });
    context.result = outcome.result;
    context.error = outcome.error ?? null;
    if (code.runtime === 'VTL' && code.response === undefined) {
      if (context.error) throw new AppSyncFieldError({ message: context.error.message, errorType: context.error.type });
      return context.result;
    }
    const value = this.evaluate('response', code, context, effects, call.log).value;
    // 2017-02-28 templates raise the data source's error themselves; 2018-05-29 leaves it to the template.
    const version = (request as { version?: unknown } | null)?.version;
    if (version === '2017-02-28' && context.error) throw new AppSyncFieldError({ message: context.error.message, errorType: context.error.type, data: value });
    return value;
  }

  private evaluate(phase: 'request' | 'response', code: HandlerCode, context: ResolverContext, effects: ExtensionEffects[], log: Logger): Evaluation {
    const runtime = this.runtimes[code.runtime];
    if (!runtime) throw new NotImplementedLocallyError(`The ${code.runtime} resolver runtime (needed by ${code.location})`);
    const source = phase === 'request' ? code.request : code.response;
    if (source === undefined) throw new MappingTemplateError(`${code.location} has no ${phase} handler`);
    try {
      const evaluation = phase === 'request' ? runtime.request(source, context, code.location) : runtime.response(source, context, code.location);
      effects.push(evaluation.effects);
      return evaluation;
    } catch (error) {
      if (error instanceof TemplateError) throw new AppSyncFieldError(error.error);
      if (error instanceof TemplateRuntimeError) {
        log.error(`${code.location} (${phase}) is broken: ${error.message}${error.location ? ` at ${error.location}` : ''}`);
        throw new MappingTemplateError(error.message);
      }
      throw error;
    }
  }
}

/** The event a Direct Lambda resolver sends: the whole context. */
function directLambdaPayload(context: ResolverContext): Record<string, unknown> {
  return {
    arguments: context.arguments,
    identity: context.identity,
    source: context.source,
    request: context.request,
    prev: context.prev ?? null,
    info: context.info,
    stash: context.stash,
  };
}
