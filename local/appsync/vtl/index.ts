import type { Logger } from '../../reporter';
import {
  TemplateRuntimeError,
  type Evaluation,
  type ExtensionEffects,
  type ResolverContext,
  type ResolverRuntime,
} from '../runtime/types';
import { createExtensions, createVtlUtil, toPlain, type UtilScope } from '../util';
import { CompiledTemplate, Namespace } from './evaluator';

export interface VtlRuntimeOptions {
  /** Where `$util.log.*` and AppSync-style warnings go (CloudWatch in AWS). */
  log?: Logger;
  /** The clock behind `$util.time` and id helpers (tests pin it). */
  now?: () => number;
  /** How many distinct templates stay parsed (default 2000). */
  cacheSize?: number;
}

/** How much of a rendered template an error quotes. */
const EXCERPT = 160;

/**
 * AppSync's VTL (2018-05-29) resolver runtime: request and response mapping
 * templates rendered with `$ctx`/`$context`, `$util`/`$utils` and `$extensions`,
 * parsed once per distinct template text.
 * @example
 * const vtl = new VtlRuntime({ log: reporter.for('appsync') });
 * const { value } = vtl.request('{"version":"2018-05-29","payload":$util.toJson($ctx.args)}', context, 'Query.echo');
 */
export class VtlRuntime implements ResolverRuntime {
  readonly name = 'VTL' as const;
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly util: Namespace;
  /** `$extensions`, writing into the effects of the evaluation under way. */
  private readonly extensions: Namespace;
  private readonly warn: (message: string) => void;
  private readonly cacheSize: number;
  /** The evaluation under way (evaluations are synchronous, so one at a time). */
  private current: { context: ResolverContext; location: string; effects: ExtensionEffects } | undefined;

  constructor(private readonly options: VtlRuntimeOptions = {}) {
    this.cacheSize = options.cacheSize ?? 2000;
    const scope: UtilScope = {
      context: () => {
        if (!this.current) throw new TemplateRuntimeError('$util was used outside a template evaluation');
        return this.current.context;
      },
      log: (level, message) => this.log(level, message),
      now: options.now ?? Date.now,
    };
    this.util = Namespace.of('$util', createVtlUtil(scope) as unknown as Record<string, unknown>);
    const effects = () => {
      if (!this.current) throw new TemplateRuntimeError('$extensions was used outside a template evaluation');
      return createExtensions(this.current.effects);
    };
    this.extensions = Namespace.of('$extensions', {
      setSubscriptionFilter: (filter: unknown) => effects().setSubscriptionFilter(filter),
      setSubscriptionInvalidationFilter: (filter: unknown) => effects().setSubscriptionInvalidationFilter(filter),
      invalidateSubscriptions: (invalidation: unknown) => effects().invalidateSubscriptions(invalidation),
      evictFromApiCache: (typeName: unknown, fieldName: unknown, keys: unknown) => effects().evictFromApiCache(typeName, fieldName, keys),
    });
    this.warn = (message) => this.options.log?.warn(message);
  }

  request(code: string, context: ResolverContext, location: string): Evaluation {
    return this.evaluate('request', code, context, location);
  }

  response(code: string, context: ResolverContext, location: string): Evaluation {
    return this.evaluate('response', code, context, location);
  }

  /** The parsed template for a text, parsing it the first time it is seen. */
  compile(code: string, location: string): CompiledTemplate {
    let template = this.templates.get(code);
    if (!template) {
      template = CompiledTemplate.compile(code, location);
      if (this.templates.size >= this.cacheSize) this.templates.delete(this.templates.keys().next().value as string);
      this.templates.set(code, template);
    }
    return template;
  }

  private evaluate(phase: 'request' | 'response', code: string, context: ResolverContext, location: string): Evaluation {
    const where = `${location} (${phase})`;
    const template = this.compile(code, where);
    const effects: ExtensionEffects = {};
    const ctx = contextMap(context);
    const outer = this.current;
    this.current = { context, location: where, effects };
    try {
      const result = template.render({
        location: where,
        globals: { ctx, context: ctx, util: this.util, utils: this.util, extensions: this.extensions },
        warn: this.warn,
      });
      if (result.returned) return { value: toPlain(result.value ?? null), returned: true, effects };
      return { value: parseRendered(phase, result.text, where), returned: false, effects };
    } finally {
      this.current = outer;
    }
  }

  private log(level: 'info' | 'error', message: string): void {
    const text = this.current ? `${this.current.location}: ${message}` : message;
    if (level === 'error') this.options.log?.error(text);
    else this.options.log?.info(text);
  }
}

/** `$ctx` as templates see it: AppSync's context map, `args` an alias of `arguments`. */
function contextMap(context: ResolverContext): Record<string, unknown> {
  return {
    arguments: context.arguments,
    args: context.arguments,
    source: context.source,
    identity: context.identity,
    request: context.request,
    info: context.info,
    stash: context.stash,
    prev: context.prev ?? null,
    result: context.result ?? null,
    error: context.error ?? null,
    outErrors: context.outErrors,
  };
}

/**
 * The rendered text as the value AppSync takes from it: JSON for a request (the
 * data-source request), JSON or else the text itself for a response.
 */
function parseRendered(phase: 'request' | 'response', text: string, where: string): unknown {
  if (phase === 'response' && text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (phase === 'response') return text;
    const position = /position (\d+)/.exec((error as Error).message);
    const at = position ? Number(position[1]) : 0;
    const from = Math.max(0, at - EXCERPT / 2);
    const excerpt = `${from > 0 ? '…' : ''}${text.slice(from, from + EXCERPT)}${from + EXCERPT < text.length ? '…' : ''}`;
    throw new TemplateRuntimeError(`The request mapping template did not render valid JSON (${(error as Error).message}). Rendered text: ${JSON.stringify(excerpt)}`, where);
  }
}

export { CompiledTemplate, Namespace } from './evaluator';
