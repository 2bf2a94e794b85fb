import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCAL_ACCOUNT } from '../assembly';
import type { Credentials, IamService } from '../iam/types';
import type { Logger } from '../reporter';
import type { ServiceContext } from '../service';
import { AsyncInvocationQueue, DEFAULT_ASYNC_SETTINGS, DEFAULT_RETRY_DELAYS_MS, type AsyncSettings } from './async-invocations';
import { FunctionErrors, LambdaError, PAYLOAD_LIMITS } from './errors';
import { EventSourceMappings, type EventSourceMapping } from './event-source-mappings';
import { nodeRuntimeMajor, readFunctions, type FunctionConfig } from './function-config';
import { FunctionPool } from './function-pool';
import { NodeRuntimes, type NodeRuntime } from './node-runtimes';
import { HotReloader } from './hot-reload/hot-reloader';
import { InvocationHistory, type InvocationRecord } from './invocation-history';
import { lambdaRoute } from './rest';
import { StandbyRuntimes } from './standby-runtimes';
import type { ExecuteOptions, Execution, FunctionHost, InvokeOptions, InvokeResult, LambdaService } from './types';
import { tracingOf } from '../tracing';
import { InvocationTrace } from './invocation-trace';

export interface LambdaServiceOptions {
  /** Environments one function may run at once when it reserves no concurrency (this machine's limit). Default 10. */
  maxConcurrencyPerFunction?: number;
  /** How long an idle environment stays warm. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Delays between retries of failed asynchronous invocations. Default Lambda's: 1 min, then 2 min. */
  asyncRetryDelaysMs?: readonly number[];
  /** Rebuild Amplify functions when their sources under `amplify/` change. Default true. */
  hotReload?: boolean;
  /** First delay before an event-source mapping retries a failed batch (doubling, up to 30 s). Default 1 s. */
  eventSourceRetryBaseMs?: number;
  /** Where Node binaries of functions' declared majors come from. Default: the npm registry, cached per user. */
  nodeRuntimes?: NodeRuntimes;
}

/** The root's credentials, used for functions when no local IAM service runs. */
const UNCHECKED_CREDENTIALS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** Functions' role sessions last as long as STS allows; environments retire before expiry. */
const ROLE_SESSION_SECONDS = 43_200;

/**
 * The local Lambda service: runs every Node.js function of the assembly from its
 * bundle in separate processes, and answers Lambda's Invoke API on the edge.
 * @example
 * const cloud = await startLocalCloud({ projectDir, services: [createLambdaService()] });
 * const lambda = cloud.services.get<LambdaService>('lambda');
 * const { payload } = await lambda.invoke('my-function', { hello: 'world' });
 */
export class LambdaLocalService implements LambdaService, FunctionHost {
  readonly name = 'lambda' as const;
  readonly resourceTypes = ['AWS::Lambda::Function', 'AWS::Lambda::EventSourceMapping', 'AWS::Lambda::EventInvokeConfig'] as const;
  private context?: ServiceContext;
  private log?: Logger;
  private readonly configs: FunctionConfig[] = [];
  private readonly pools = new Map<string, FunctionPool>();
  private readonly loggers = new Map<string, Logger>();
  private readonly asyncSettings = new Map<string, AsyncSettings>();
  private asyncQueue?: AsyncInvocationQueue;
  private mappings?: EventSourceMappings;
  private hotReloader?: HotReloader;
  private inlineDir?: string;
  private warnedUnchecked = false;
  private standby = new StandbyRuntimes();
  private readonly history = new InvocationHistory();
  /** The Node each declared major runs on, once known (for the start-up table). */
  private readonly runtimes = new Map<number, NodeRuntime>();

  constructor(private readonly options: LambdaServiceOptions = {}) {}

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    this.log = context.log;
    this.inlineDir = mkdtempSync(path.join(os.tmpdir(), 'flare-lambda-inline-'));
    this.configs.push(...readFunctions(context.assembly, { inlineDir: this.inlineDir }));
    if (this.configs.length === 0) return;

    this.standby = new StandbyRuntimes(runtimeProvidedModules(context.projectDir, this.configs));
    const nodeRuntimes = this.options.nodeRuntimes ?? new NodeRuntimes();
    const runtimeOf = new Map<number, Promise<NodeRuntime>>();
    for (const config of this.configs) {
      if (config.notRunnable) {
        context.log.warn(`function ${config.displayName} is not runnable locally: ${config.notRunnable}`);
        continue;
      }
      const major = nodeRuntimeMajor(config.runtime)!;
      if (!runtimeOf.has(major)) runtimeOf.set(major, this.nodeFor(major, nodeRuntimes, context.log));
      if (config.layers.length > 0) {
        context.log.warn(`function ${config.displayName} uses layers (${config.layers.join(', ')}): layer contents are not mounted locally, so imports from them fail`);
      }
      const log = context.reporter.for(`lambda:${config.displayName}`);
      this.loggers.set(config.name, log);
      this.pools.set(config.name, new FunctionPool({
        config,
        endpoint: context.endpoint,
        log,
        credentials: () => this.credentialsFor(config),
        maxConcurrency: this.options.maxConcurrencyPerFunction ?? 10,
        idleTimeoutMs: this.options.idleTimeoutMs ?? 10 * 60_000,
        standby: this.standby,
        runtime: runtimeOf.get(major)!,
        xrayDaemonAddress: tracingOf(context.services)?.daemonAddress,
      }));
    }
    this.readEventInvokeConfigs(context);

    this.asyncQueue = new AsyncInvocationQueue({
      run: async (attempt) => {
        const execution = await this.run(attempt.config, attempt.event, { invocationType: 'RequestResponse', requestId: attempt.requestId, source: attempt.source, traceId: attempt.traceId });
        return execution.functionError ? { ok: false, reason: `${execution.error?.errorType}: ${execution.error?.errorMessage}` } : { ok: true };
      },
      settingsOf: (config) => this.asyncSettings.get(config.name) ?? DEFAULT_ASYNC_SETTINGS,
      log: (config) => this.loggerOf(config),
      retryDelaysMs: this.options.asyncRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    });
    context.edge.addRoute(lambdaRoute(this, context));
    this.mappings = new EventSourceMappings(this, context, this.options.eventSourceRetryBaseMs ?? 1000);
    await this.mappings.start();
    if (this.options.hotReload !== false) {
      this.hotReloader = new HotReloader(context, [...this.pools.values()]);
      await this.hotReloader.start();
    }
  }

  async stop(): Promise<void> {
    await this.hotReloader?.stop();
    await this.mappings?.stop();
    this.asyncQueue?.stop();
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
    await this.standby.stop();
    if (this.inlineDir) rmSync(this.inlineDir, { recursive: true, force: true });
  }

  /**
   * The Node for functions declaring `nodejs<major>.x`, fetched in the background (a first
   * cold start of such a function waits for it); a fallback to this process's Node is a warning.
   */
  private nodeFor(major: number, nodeRuntimes: NodeRuntimes, log: Logger): Promise<NodeRuntime> {
    return nodeRuntimes.forMajor(major).then((runtime) => {
      this.runtimes.set(major, runtime);
      if (runtime.fallback) log.warn(`functions declaring nodejs${major}.x run on this machine's Node ${runtime.version}: ${runtime.fallback}`);
      else if (runtime.execPath !== process.execPath) log.debug(`functions declaring nodejs${major}.x run on Node ${runtime.version} (${runtime.execPath})`);
      return runtime;
    });
  }

  summary(): string {
    const runnable = this.configs.filter((config) => !config.notRunnable);
    const notRunnable = this.configs.filter((config) => config.notRunnable);
    const majors = [...new Set(runnable.map((config) => nodeRuntimeMajor(config.runtime)!))].sort();
    const nodes = majors.map((major) => `nodejs${major}.x on Node ${this.runtimes.get(major)?.version ?? `${major} (being fetched)`}`).join(', ');
    const parts = [`${runnable.length} function${runnable.length === 1 ? '' : 's'}${nodes ? ` (${nodes})` : ''}`];
    if (notRunnable.length > 0) parts.push(`not runnable: ${notRunnable.map((config) => `${config.displayName} (${config.runtime || 'no runtime'})`).join(', ')}`);
    const mappings = this.mappings?.summary();
    if (mappings) parts.push(mappings);
    if (this.hotReloader) parts.push(this.hotReloader.summary());
    return parts.join('; ');
  }

  /** The assembly's event-source mappings (ListEventSourceMappings). */
  eventSourceMappings(): readonly EventSourceMapping[] {
    return this.mappings?.list() ?? [];
  }

  /** A function's latest invocations, newest first (the console's stand-in for CloudWatch Logs). */
  recentInvocations(functionName: string): readonly InvocationRecord[] {
    return this.history.of(functionName);
  }

  /** Whether hot reload rebuilds the functions built from `file` (so that its change needs no new synth). */
  hotReloads(file: string): boolean {
    return this.hotReloader?.handles(file) ?? false;
  }

  /** Every function of the assembly, runnable or not. */
  functions(): readonly FunctionConfig[] {
    return this.configs;
  }

  /**
   * Resolves a name, a full or partial ARN, each with an optional qualifier, as Lambda does.
   * Throws ResourceNotFoundException for anything this assembly does not define.
   */
  findFunction(reference: string, qualifier?: string): FunctionConfig {
    const { region, accountId } = LOCAL_ACCOUNT;
    let name = reference;
    let ref = qualifier;
    const full = /^arn:aws:lambda:([^:]+):(\d{12}):function:([^:]+)(?::(.+))?$/.exec(reference);
    const partial = /^(\d{12}):function:([^:]+)(?::(.+))?$/.exec(reference);
    const plain = /^([^:]+)(?::(.+))?$/.exec(reference);
    if (full) {
      if (full[1] !== region || full[2] !== accountId) throw LambdaError.functionNotFound(reference);
      [name, ref] = [full[3], full[4] ?? qualifier];
    } else if (partial) {
      if (partial[1] !== accountId) throw LambdaError.functionNotFound(reference);
      [name, ref] = [partial[2], partial[3] ?? qualifier];
    } else if (plain) {
      [name, ref] = [plain[1], plain[2] ?? qualifier];
    }
    const config = this.configs.find((candidate) => candidate.name === name);
    const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}${ref ? `:${ref}` : ''}`;
    // Only $LATEST exists locally: versions and aliases are not published.
    if (!config || (ref !== undefined && ref !== '$LATEST')) throw LambdaError.functionNotFound(arn);
    return config;
  }

  /**
   * Invokes a function of the assembly by name or ARN (the in-process path AppSync,
   * Cognito triggers, schedules and event-source mappings use).
   */
  async invoke(functionNameOrArn: string, payload: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    const config = this.findFunction(functionNameOrArn);
    const event = payload === undefined ? '{}' : JSON.stringify(payload);
    const execution = await this.execute(config, Buffer.from(event), { invocationType: options.invocationType ?? 'RequestResponse', source: options.source, traceId: options.traceId });
    return {
      requestId: execution.requestId,
      statusCode: execution.statusCode,
      payload: execution.payload === undefined ? undefined : JSON.parse(execution.payload),
      functionError: execution.functionError,
      error: execution.error,
    };
  }

  /**
   * One invocation as the Invoke API performs it: payload limits, the invocation type
   * (Event queues and answers 202, DryRun only checks, 204) and the function's result.
   */
  async execute(config: FunctionConfig, payload: Buffer, options: ExecuteOptions): Promise<Execution> {
    const requestId = options.requestId ?? randomUUID();
    const limit = options.invocationType === 'Event' ? PAYLOAD_LIMITS.asyncRequest : PAYLOAD_LIMITS.syncRequest;
    if (payload.length > limit) throw LambdaError.requestTooLarge(limit);
    const text = payload.length === 0 ? '{}' : payload.toString('utf8');
    try {
      JSON.parse(text);
    } catch (error) {
      throw LambdaError.invalidRequestContent((error as Error).message);
    }
    if (config.notRunnable) throw LambdaError.notRunnable(config.name, config.notRunnable);
    if (options.invocationType === 'DryRun') return { requestId, statusCode: 204, logs: [] };
    if (options.invocationType === 'Event') {
      if (config.reservedConcurrency === 0) throw LambdaError.throttled();
      this.loggerOf(config).withRequest(requestId).debug(`queued asynchronous invocation${options.source ? ` from ${options.source}` : ''}`);
      this.asyncQueue!.enqueue({ config, requestId, event: text, source: options.source, traceId: options.traceId });
      return { requestId, statusCode: 202, logs: [] };
    }
    return this.run(config, text, { ...options, requestId });
  }

  private async run(config: FunctionConfig, event: string, options: ExecuteOptions & { requestId: string }): Promise<Execution> {
    const pool = this.pools.get(config.name);
    if (!pool) throw LambdaError.notRunnable(config.name, config.notRunnable ?? 'it did not start');
    const log = this.loggerOf(config).withRequest(options.requestId);
    log.debug(`START${options.source ? ` (${options.source})` : ''}`);
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const trace = InvocationTrace.begin(config, options.traceId, tracingOf(this.context!.services));
    const outcome = await pool.invoke({
      requestId: options.requestId,
      event,
      invokedFunctionArn: config.arn,
      timeoutSeconds: config.timeoutSeconds,
      clientContext: options.clientContext,
      traceId: trace.header,
    });
    trace.end({ startedAt: started, endedAt: Date.now(), durationMs: outcome.durationMs, initMs: outcome.initMs }, outcome.ok ? undefined : outcome.error);
    const record = { requestId: options.requestId, source: options.source, startedAt, durationMs: outcome.durationMs, initMs: outcome.initMs, logs: outcome.logs };
    this.history.add(config.name, outcome.ok ? { ...record, payload: outcome.payload } : { ...record, payload: JSON.stringify(outcome.error), error: outcome.error });
    if (outcome.ok) {
      if (Buffer.byteLength(outcome.payload) > PAYLOAD_LIMITS.syncResponse) {
        const error = FunctionErrors.responseTooLarge();
        log.error(`${error.errorType}: ${error.errorMessage}`);
        return { requestId: options.requestId, statusCode: 200, payload: JSON.stringify(error), functionError: 'Unhandled', error, logs: outcome.logs };
      }
      return { requestId: options.requestId, statusCode: 200, payload: outcome.payload, logs: outcome.logs };
    }
    // The runtime logs the errors it reports; the service logs the ones it decides (timeouts, crashes).
    if (outcome.origin === 'service') log.error(`${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    return { requestId: options.requestId, statusCode: 200, payload: JSON.stringify(outcome.error), functionError: 'Unhandled', error: outcome.error, logs: outcome.logs };
  }

  loggerOf(config: FunctionConfig): Logger {
    return this.loggers.get(config.name) ?? this.context!.reporter.for(`lambda:${config.displayName}`);
  }

  private credentialsFor(config: FunctionConfig): { credentials: Credentials; expiresAt?: number } {
    const iam = this.context!.services.find<IamService>('iam');
    if (!iam || !config.roleArn) {
      if (!this.warnedUnchecked) {
        this.warnedUnchecked = true;
        this.log!.warn(
          iam
            ? `function ${config.displayName} has no execution role: it gets the root credentials and its AWS calls are not checked`
            : 'the IAM service is not running: functions get the root credentials (test/test) and their AWS calls are not checked',
        );
      }
      return { credentials: UNCHECKED_CREDENTIALS };
    }
    const credentials = iam.issueRoleCredentials(config.roleArn, { sessionName: config.name, durationSeconds: ROLE_SESSION_SECONDS });
    return { credentials, expiresAt: credentials.expiration?.getTime() };
  }

  private readEventInvokeConfigs(context: ServiceContext): void {
    for (const resource of context.assembly.ofType('AWS::Lambda::EventInvokeConfig')) {
      const properties = resource.properties();
      const name = String(properties.FunctionName ?? '');
      let config: FunctionConfig;
      try {
        config = this.findFunction(name);
      } catch {
        context.log.warn(`EventInvokeConfig ${resource.logicalId} names function ${name}, which is not in the assembly`);
        continue;
      }
      this.asyncSettings.set(config.name, {
        maximumRetryAttempts: Number(properties.MaximumRetryAttempts ?? DEFAULT_ASYNC_SETTINGS.maximumRetryAttempts),
        maximumEventAgeSeconds: Number(properties.MaximumEventAgeInSeconds ?? DEFAULT_ASYNC_SETTINGS.maximumEventAgeSeconds),
      });
      if (properties.DestinationConfig) {
        context.log.warn(`function ${config.displayName}: asynchronous invocation destinations (DestinationConfig) are not run locally; failed events are logged and dropped`);
      }
    }
  }
}

/**
 * Modules the Lambda runtime provides that these functions load at init: Amplify's SSM
 * banner imports `@aws-sdk/client-ssm` when a function has parameters to resolve. Resolved
 * from the project, where the bundles' own imports resolve them.
 */
function runtimeProvidedModules(projectDir: string, configs: FunctionConfig[]): string[] {
  const usesSsmBanner = configs.some((config) => {
    const paths = config.environment.AMPLIFY_SSM_ENV_CONFIG;
    return paths !== undefined && paths !== '{}';
  });
  if (!usesSsmBanner) return [];
  try {
    return [pathToFileURL(createRequire(path.join(projectDir, 'package.json')).resolve('@aws-sdk/client-ssm')).href];
  } catch {
    return [];
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createLambdaService({ idleTimeoutMs: 60_000 })] });
 */
export function createLambdaService(options: LambdaServiceOptions = {}): LambdaLocalService {
  return new LambdaLocalService(options);
}
