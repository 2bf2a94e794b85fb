import vm from 'node:vm';
import type { Logger } from '../../reporter';
import {
  TemplateError,
  TemplateRuntimeError,
  type Evaluation,
  type ExtensionEffects,
  type ResolverContext,
  type ResolverRuntime,
} from '../runtime/types';
import { createExtensions, createJsUtil, formatLog, type UtilScope } from '../util';
import { loadModule, type CompiledModule, type ModuleRegistry } from './compile';
import { dynamodbModule } from './modules/dynamodb';

export interface JsRuntimeOptions {
  /** Where `console.log` / `console.error` of handlers go (CloudWatch in AWS). */
  log?: Logger;
  /** The clock behind `util.time` and id helpers (tests pin it). */
  now?: () => number;
  /** How many distinct modules stay loaded (default 500). */
  cacheSize?: number;
}

/** `runtime.earlyReturn(value)`: ends the handler with this value. */
class EarlyReturn {
  constructor(readonly value: unknown) {}
}

/**
 * Globals of the ECMAScript realm the APPSYNC_JS runtime does not offer (no
 * promises, no WebAssembly, no shared memory); node:vm contexts already lack
 * Node's own (require, process, Buffer, timers, fetch…).
 */
const REMOVED_GLOBALS = ['Promise', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'WeakRef', 'FinalizationRegistry', 'eval'];

interface Evaluating {
  context: ResolverContext;
  effects: ExtensionEffects;
  location: string;
}

/**
 * AppSync's APPSYNC_JS (1.0.0) resolver runtime: resolver and function code (ES
 * modules exporting `request` and `response`) run in an isolated node:vm context
 * with `util`, `runtime` and `extensions` from `@aws-appsync/utils` and the
 * `@aws-appsync/utils/dynamodb` helpers; each distinct code text is checked
 * against AppSync's restrictions and loaded once.
 * @example
 * const js = new JsRuntime({ log: reporter.for('appsync') });
 * const { value } = js.request(code, context, 'Mutation.addNote');
 */
export class JsRuntime implements ResolverRuntime {
  readonly name = 'APPSYNC_JS' as const;
  private readonly sandbox: vm.Context;
  private readonly modules: ModuleRegistry;
  private readonly loaded = new Map<string, CompiledModule>();
  private readonly cacheSize: number;
  private current: Evaluating | undefined;

  constructor(private readonly options: JsRuntimeOptions = {}) {
    this.cacheSize = options.cacheSize ?? 500;
    const scope: UtilScope = {
      context: () => this.evaluating().context,
      log: (level, message) => this.log(level, message),
      now: options.now ?? Date.now,
    };
    const extensions = {
      setSubscriptionFilter: (filter: unknown) => this.extensions().setSubscriptionFilter(filter),
      setSubscriptionInvalidationFilter: (filter: unknown) => this.extensions().setSubscriptionInvalidationFilter(filter),
      invalidateSubscriptions: (invalidation: unknown) => this.extensions().invalidateSubscriptions(invalidation),
      evictFromApiCache: (typeName: unknown, fieldName: unknown, keys: unknown) => this.extensions().evictFromApiCache(typeName, fieldName, keys),
    };
    const runtime = {
      earlyReturn: (value?: unknown) => {
        throw new EarlyReturn(value === undefined ? null : value);
      },
    };
    this.modules = {
      '@aws-appsync/utils': { util: createJsUtil(scope), runtime, extensions },
      '@aws-appsync/utils/dynamodb': dynamodbModule,
    };
    const console = {
      log: (...args: unknown[]) => this.log('info', formatLog(args)),
      info: (...args: unknown[]) => this.log('info', formatLog(args)),
      debug: (...args: unknown[]) => this.log('info', formatLog(args)),
      warn: (...args: unknown[]) => this.log('error', formatLog(args)),
      error: (...args: unknown[]) => this.log('error', formatLog(args)),
    };
    this.sandbox = vm.createContext({ console }, { name: 'APPSYNC_JS', codeGeneration: { strings: false, wasm: false } });
    vm.runInContext(REMOVED_GLOBALS.map((name) => `delete globalThis.${name};`).join(''), this.sandbox);
  }

  request(code: string, context: ResolverContext, location: string): Evaluation {
    return this.evaluate('request', code, context, location);
  }

  response(code: string, context: ResolverContext, location: string): Evaluation {
    return this.evaluate('response', code, context, location);
  }

  /** The loaded module for a code text, loading it the first time it is seen. */
  load(code: string, location: string): CompiledModule {
    let module = this.loaded.get(code);
    if (!module) {
      module = loadModule(code, location, this.sandbox, this.modules);
      if (this.loaded.size >= this.cacheSize) this.loaded.delete(this.loaded.keys().next().value as string);
      this.loaded.set(code, module);
    }
    return module;
  }

  private evaluate(phase: 'request' | 'response', code: string, context: ResolverContext, location: string): Evaluation {
    const module = this.load(code, location);
    const handler = module.exports[phase];
    if (typeof handler !== 'function') throw new TemplateRuntimeError(`The code exports no ${phase} function`, location);
    const effects: ExtensionEffects = {};
    const outer = this.current;
    this.current = { context, effects, location: `${location} (${phase})` };
    try {
      const value = (handler as (ctx: unknown) => unknown)(contextObject(context));
      return { value: jsonValue(value, location), returned: false, effects };
    } catch (error) {
      if (error instanceof EarlyReturn) return { value: jsonValue(error.value, location), returned: true, effects };
      if (error instanceof TemplateError) throw error;
      if (error instanceof TemplateRuntimeError) throw error.location ? error : new TemplateRuntimeError(error.message, codeLocation(error, module.filename, location));
      throw new TemplateRuntimeError(describeError(error), codeLocation(error, module.filename, location));
    } finally {
      this.current = outer;
    }
  }

  private evaluating(): Evaluating {
    if (!this.current) throw new TemplateRuntimeError('util was used outside a handler evaluation');
    return this.current;
  }

  private extensions() {
    return createExtensions(this.evaluating().effects, 'extensions');
  }

  private log(level: 'info' | 'error', message: string): void {
    const text = this.current ? `${this.current.location}: ${message}` : message;
    if (level === 'error') this.options.log?.error(text);
    else this.options.log?.info(text);
  }
}

/** `ctx` as handlers see it: `args` an alias of `arguments`, the stash shared across the pipeline. */
function contextObject(context: ResolverContext): Record<string, unknown> {
  return {
    arguments: context.arguments,
    args: context.arguments,
    source: context.source,
    identity: context.identity,
    request: context.request,
    info: context.info,
    stash: context.stash,
    prev: context.prev,
    result: context.result,
    error: context.error ?? undefined,
  };
}

/** What AppSync takes from a handler: its value as JSON (undefined members dropped; undefined is null). */
function jsonValue(value: unknown, location: string): unknown {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
  } catch (error) {
    throw new TemplateRuntimeError(`The handler returned a value that is not JSON: ${(error as Error).message}`, location);
  }
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const name = (error as { name?: unknown }).name;
    return `${typeof name === 'string' ? name : 'Error'}: ${String((error as { message: unknown }).message)}`;
  }
  return `The handler failed with ${String(error)}`;
}

/**
 * `Mutation.addNote:12:9` from the sandbox stack (whose frames name the module by
 * the location that first loaded it), else the location alone.
 */
function codeLocation(error: unknown, filename: string, location: string): string {
  const stack = error && typeof error === 'object' ? (error as { stack?: unknown }).stack : undefined;
  if (typeof stack !== 'string') return location;
  for (const line of stack.split('\n')) {
    const index = line.indexOf(`${filename}:`);
    if (index < 0) continue;
    const match = /^:(\d+):(\d+)/.exec(line.slice(index + filename.length));
    if (match) return `${location}:${match[1]}:${match[2]}`;
  }
  return location;
}
