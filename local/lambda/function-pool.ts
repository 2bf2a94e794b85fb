import type { Credentials } from '../iam/types';
import type { Logger } from '../reporter';
import { workerEnvironment, workerExecArgv, newLogStreamName } from './environment';
import { LambdaError } from './errors';
import type { FunctionConfig } from './function-config';
import type { NodeRuntime } from './node-runtimes';
import type { StandbyRuntimes } from './standby-runtimes';
import { Worker, type InvocationOutcome, type InvocationRequest, type WorkerLogRecord } from './worker';

export interface FunctionPoolOptions {
  config: FunctionConfig;
  endpoint: string;
  log: Logger;
  /** Temporary credentials for a new execution environment (the function's role). */
  credentials(): { credentials: Credentials; expiresAt?: number };
  /** Most environments run at once when the function reserves no concurrency. */
  maxConcurrency: number;
  /** How long an idle environment stays warm. */
  idleTimeoutMs: number;
  /** Runtime processes started ahead of need, shared by every function. */
  standby?: StandbyRuntimes;
  /** The Node that runs this function's environments (its declared major; may still be being fetched). */
  runtime: Promise<NodeRuntime>;
  /** See WorkerEnvironmentInput.xrayDaemonAddress. */
  xrayDaemonAddress?: string;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** Retire an environment this long before its credentials expire. */
const CREDENTIAL_MARGIN_MS = 5 * 60_000;

/**
 * The execution environments of one function: warm reuse (the most recently used idle
 * environment first, as module state there is freshest), cold starts on demand, the
 * function's reserved concurrency, and code swaps for hot reload.
 * @example
 * const pool = new FunctionPool({ config, endpoint, log, credentials, maxConcurrency: 10, idleTimeoutMs: 600_000 });
 * const outcome = await pool.invoke({ requestId, event: '{}', invokedFunctionArn: config.arn, timeoutSeconds: config.timeoutSeconds });
 */
export class FunctionPool {
  readonly config: FunctionConfig;
  private codeDir: string;
  private codeVersion = 0;
  private readonly idle: Worker[] = [];
  private readonly workers = new Set<Worker>();
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly retireAt = new Map<Worker, number>();
  private readonly waiters: Waiter[] = [];
  private running = 0;
  /** An environment of freshly reloaded code being started. */
  private warming?: Promise<Worker | undefined>;
  private stopped = false;

  constructor(private readonly options: FunctionPoolOptions) {
    this.config = options.config;
    if (!options.config.codeDir) throw new Error(`Function ${options.config.name} has no code directory`);
    this.codeDir = options.config.codeDir;
  }

  /** Where the current code lives (the asset, or the latest hot-reloaded build). */
  get currentCodeDir(): string {
    return this.codeDir;
  }

  /** Environments alive now (busy or warm). */
  get environmentCount(): number {
    return this.workers.size;
  }

  get reservedLimit(): number | undefined {
    return this.config.reservedConcurrency;
  }

  /**
   * Runs one invocation in a warm environment or a new one. Throws TooManyRequestsException
   * when the function's reserved concurrency is in use (`throttle`), otherwise waits for a slot.
   */
  async invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.stopped) throw new LambdaError('ServiceException', 'The local Lambda service is stopping', 500, 'Service');
    await this.acquireSlot();
    try {
      return await this.runOnWorker(request);
    } finally {
      this.releaseSlot();
    }
  }

  /** Swaps the code for new invocations; warm environments of the old code are drained. */
  reload(codeDir: string): void {
    const inUse = this.workers.size > 0;
    this.codeDir = codeDir;
    this.codeVersion++;
    for (const worker of this.idle.splice(0)) this.retire(worker);
    // A function that had warm environments gets one of the new code at once, so the first
    // call after an edit does not also pay a cold start.
    if (inUse && !this.stopped) this.prewarm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new LambdaError('ServiceException', 'The local Lambda service stopped', 500, 'Service'));
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    await Promise.all([...this.workers].map((worker) => worker.stop()));
  }

  private acquireSlot(): Promise<void> {
    const reserved = this.config.reservedConcurrency;
    if (reserved !== undefined && this.running >= reserved) {
      // Lambda throttles beyond reserved concurrency rather than queueing.
      throw LambdaError.throttled();
    }
    if (this.running < this.options.maxConcurrency) {
      this.running++;
      return Promise.resolve();
    }
    // Beyond the local cap (this machine, not AWS, is the limit): wait for a slot.
    this.options.log.debug(`${this.running} invocations running; queueing one`);
    return new Promise((resolve, reject) => this.waiters.push({ resolve: () => { this.running++; resolve(); }, reject }));
  }

  private releaseSlot(): void {
    this.running--;
    this.waiters.shift()?.resolve();
  }

  private prewarm(): void {
    const warming = this.spawn().then(async (worker) => {
      const init = await worker.ready;
      if (this.warming === warming) this.warming = undefined;
      if (!init.ok) {
        // Its init error is reported by the next invocation, which starts the environment again.
        worker.kill();
        return undefined;
      }
      return worker;
    }, (error: Error) => {
      // No environment (the service stopped, or the runtime could not be had): the next
      // invocation starts one itself and reports why it cannot.
      if (!this.stopped) this.options.log.debug(`prewarm failed: ${error.message}`);
      return undefined;
    });
    this.warming = warming;
    // Registered before any invocation awaits `warming`, so the environment is idle (and
    // can be taken) by the time a waiting invocation looks.
    void warming.then((ready) => ready && this.returnWorker(ready));
  }

  private async runOnWorker(request: InvocationRequest): Promise<InvocationOutcome> {
    let worker = this.takeIdle();
    if (!worker && this.warming) {
      await this.warming;
      worker = this.takeIdle();
    }
    if (!worker) {
      worker = await this.spawn();
      const init = await worker.ready;
      if (!init.ok) {
        await worker.stop();
        return { ok: false, error: init.error(request.requestId), origin: init.origin, durationMs: 0, logs: [] };
      }
      this.options.log.withRequest(request.requestId).debug(`cold start: init ${init.initMs.toFixed(0)} ms`);
      if (this.config.environment.NODE_OPTIONS === undefined) this.options.standby?.replenish(worker.execPath, workerExecArgv(this.config));
    }
    const outcome = await worker.invoke(request);
    this.options.log.withRequest(request.requestId).debug(
      `REPORT Duration: ${outcome.durationMs.toFixed(2)} ms${outcome.initMs !== undefined ? ` Init Duration: ${outcome.initMs.toFixed(2)} ms` : ''}`,
    );
    this.returnWorker(worker);
    return outcome;
  }

  private takeIdle(): Worker | undefined {
    while (this.idle.length > 0) {
      const worker = this.idle.pop()!;
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      if (worker.alive && worker.codeVersion === this.codeVersion && (this.retireAt.get(worker) ?? Infinity) > Date.now()) return worker;
      this.retire(worker);
    }
    return undefined;
  }

  private async spawn(): Promise<Worker> {
    const { execPath } = await this.options.runtime;
    // The runtime may arrive (a Node binary fetched on first use) after stop(): a worker started
    // then would be in no set stop() has already emptied, and would outlive the service.
    if (this.stopped) throw new LambdaError('ServiceException', 'The local Lambda service stopped', 500, 'Service');
    const { credentials, expiresAt } = this.options.credentials();
    const execArgv = workerExecArgv(this.config);
    // NODE_OPTIONS only take effect when Node starts: such a function boots its own process.
    const standby = this.config.environment.NODE_OPTIONS === undefined ? this.options.standby?.take(execPath, execArgv) : undefined;
    const worker = Worker.start({
      standby,
      execPath,
      env: workerEnvironment({ config: this.config, codeDir: this.codeDir, endpoint: this.options.endpoint, credentials, logStreamName: newLogStreamName(), xrayDaemonAddress: this.options.xrayDaemonAddress }),
      execArgv,
      codeDir: this.codeDir,
      codeVersion: this.codeVersion,
      timeoutSeconds: this.config.timeoutSeconds,
      onLog: (record) => this.forward(record),
    });
    this.workers.add(worker);
    if (expiresAt !== undefined) this.retireAt.set(worker, expiresAt - CREDENTIAL_MARGIN_MS);
    worker.onExit(() => {
      this.workers.delete(worker);
      this.retireAt.delete(worker);
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }

  private returnWorker(worker: Worker): void {
    if (this.stopped || !worker.alive || worker.codeVersion !== this.codeVersion) {
      this.retire(worker);
      return;
    }
    this.idle.push(worker);
    const timer = setTimeout(() => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.idleTimers.delete(worker);
      this.retire(worker);
    }, this.options.idleTimeoutMs);
    // An idle environment must not keep the local cloud's process alive.
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private retire(worker: Worker): void {
    worker.kill();
  }

  private forward(record: WorkerLogRecord): void {
    const log = record.requestId ? this.options.log.withRequest(record.requestId) : this.options.log;
    switch (record.level) {
      case 'ERROR': log.error(record.message); break;
      case 'WARN': log.warn(record.message); break;
      case 'DEBUG':
      case 'TRACE': log.debug(record.message); break;
      default: log.info(record.message);
    }
  }
}
