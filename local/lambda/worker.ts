import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FunctionErrors, type FunctionErrorPayload } from './errors';

export const BOOTSTRAP = fileURLToPath(new URL('./runtime/bootstrap.mjs', import.meta.url));
/** Lambda gives a function's init phase 10 s (more when the function's own timeout is longer). */
const INIT_LIMIT_MS = 10_000;
/** X-Amz-Log-Result carries the last 4 KB; keep a little more to cut on a line boundary. */
const LOG_TAIL_BYTES = 8 * 1024;

export type LambdaLogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

export interface WorkerLogRecord {
  requestId?: string;
  level: LambdaLogLevel;
  message: string;
}

export interface WorkerOptions {
  /** The Node binary (of the function's declared major, or this process's). */
  execPath: string;
  env: Record<string, string>;
  execArgv: string[];
  codeDir: string;
  /** Which code build the worker runs (hot reload retires older ones). */
  codeVersion: number;
  /** An already started runtime process to become this environment (see StandbyRuntimes). */
  standby?: ChildProcess;
  /** The function's Timeout: init may use it when it is longer than Lambda's 10 s init limit. */
  timeoutSeconds: number;
  onLog(record: WorkerLogRecord): void;
}

export interface InvocationRequest {
  requestId: string;
  /** The event as JSON text, exactly as the caller sent it. */
  event: string;
  invokedFunctionArn: string;
  timeoutSeconds: number;
  clientContext?: unknown;
  identity?: unknown;
  /** The X-Ray trace header of the invocation (`Root=1-…;Parent=…;Sampled=…`): the function sees it as `_X_AMZN_TRACE_ID`. */
  traceId?: string;
}

export type InvocationOutcome = {
  durationMs: number;
  /** Init duration when this invocation started the environment (a cold start). */
  initMs?: number;
  /** The invocation's log lines in Lambda's text format (for `LogType: Tail`). */
  logs: string[];
} & InvocationResult;

/**
 * The result or the error; `origin` says who reported an error: the runtime (the handler
 * threw, already logged by the runtime) or the service (timeout, crash, exit).
 */
export type InvocationResult = { ok: true; payload: string } | { ok: false; error: FunctionErrorPayload; origin: 'runtime' | 'service' };

/** How the init phase ended; a failure names its error for the invocation that waited on it. */
export type InitResult =
  | { ok: true; initMs: number }
  | { ok: false; error: (requestId: string) => FunctionErrorPayload; origin: 'runtime' | 'service' };

type ChildMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: FunctionErrorPayload }
  | { type: 'result'; requestId: string; payload: string }
  | { type: 'error'; requestId: string; error: FunctionErrorPayload; fatal?: boolean }
  | { type: 'log'; requestId?: string; level: LambdaLogLevel; message: string };

interface InFlight {
  request: InvocationRequest;
  started: number;
  logs: string[];
  logBytes: number;
  timer: NodeJS.Timeout;
  resolve(outcome: InvocationOutcome): void;
}

let nextWorkerId = 1;

/**
 * One execution environment: a Node.js process running the local runtime bootstrap
 * for one function, one invocation at a time. Module scope survives between
 * invocations (warm starts); a crash, timeout or exit ends the environment.
 * @example
 * const worker = Worker.start({ env, execArgv, codeDir, codeVersion: 0, onLog });
 * const init = await worker.ready;
 * const outcome = await worker.invoke({ requestId, event: '{}', invokedFunctionArn, timeoutSeconds: 3 });
 */
export class Worker {
  readonly id = nextWorkerId++;
  readonly codeVersion: number;
  readonly execPath: string;
  readonly createdAt = Date.now();
  /** Resolves once the handler is loaded, with the init duration or the init error. */
  readonly ready: Promise<InitResult>;
  private readonly child: ChildProcess;
  private inFlight?: InFlight;
  private initMs?: number;
  private initReported = false;
  private outOfMemory = false;
  private exited = false;
  /** Killed, or the runtime said it is exiting: no more invocations go to it. */
  private ending = false;
  private readonly exitListeners: (() => void)[] = [];
  private resolveReady!: (value: InitResult) => void;

  private constructor(private readonly options: WorkerOptions) {
    this.codeVersion = options.codeVersion;
    this.execPath = options.execPath;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    const started = performance.now();
    this.child =
      options.standby ??
      fork(BOOTSTRAP, [], {
        execPath: options.execPath,
        cwd: options.codeDir,
        env: options.env,
        // Never inherit the local cloud's own flags (a TypeScript loader would slow every cold start).
        execArgv: options.execArgv,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
    const initLimitMs = Math.max(INIT_LIMIT_MS, options.timeoutSeconds * 1000);
    const initTimer = setTimeout(() => {
      if (this.initReported) return;
      this.settleInit({ ok: false, error: (requestId) => FunctionErrors.timedOut(requestId, initLimitMs / 1000), origin: 'service' });
      this.kill();
    }, initLimitMs);
    this.child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(initTimer);
        this.initMs = performance.now() - started;
        this.settleInit({ ok: true, initMs: this.initMs });
      } else if (message.type === 'init-error') {
        clearTimeout(initTimer);
        this.settleInit({ ok: false, error: () => message.error, origin: 'runtime' });
      } else if (message.type === 'log') {
        this.log({ requestId: message.requestId, level: message.level, message: message.message });
      } else if (message.type === 'result' || message.type === 'error') {
        if (message.type === 'error' && message.fatal) this.ending = true;
        this.finish(message.requestId, message.type === 'result' ? { ok: true, payload: message.payload } : { ok: false, error: message.error, origin: 'runtime' });
      }
    });
    for (const [stream, level] of [[this.child.stdout, 'INFO'], [this.child.stderr, 'ERROR']] as const) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (level === 'ERROR' && line.includes('JavaScript heap out of memory')) this.outOfMemory = true;
        this.log({ requestId: this.inFlight?.request.requestId, level, message: line });
      });
    }
    this.child.on('exit', (code, signal) => {
      clearTimeout(initTimer);
      this.exited = true;
      if (!this.initReported) {
        this.settleInit({ ok: false, error: (requestId) => FunctionErrors.exited(requestId, { code, signal, outOfMemory: this.outOfMemory }), origin: 'service' });
      }
      const inFlight = this.inFlight;
      if (inFlight) {
        this.finish(inFlight.request.requestId, { ok: false, error: FunctionErrors.exited(inFlight.request.requestId, { code, signal, outOfMemory: this.outOfMemory }), origin: 'service' });
      }
      for (const listener of this.exitListeners.splice(0)) listener();
    });
    this.child.on('error', () => {
      // Spawn failures surface through 'exit'; sending to a dead child is not an error worth more.
    });
    if (options.standby) this.child.send({ type: 'init', env: options.env, cwd: options.codeDir });
  }

  static start(options: WorkerOptions): Worker {
    return new Worker(options);
  }

  get alive(): boolean {
    return !this.exited && !this.ending;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  /** Runs one invocation; resolves with the result or Lambda's error, never rejects. */
  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.inFlight) throw new Error(`Worker ${this.id} is already running an invocation`);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // Lambda stops the environment at the deadline; so do we.
        this.finish(request.requestId, { ok: false, error: FunctionErrors.timedOut(request.requestId, request.timeoutSeconds), origin: 'service' });
        this.kill();
      }, request.timeoutSeconds * 1000);
      this.inFlight = { request, started: performance.now(), logs: [], logBytes: 0, timer, resolve };
      if (this.exited) {
        this.finish(request.requestId, {
          ok: false,
          error: FunctionErrors.exited(request.requestId, { code: this.child.exitCode, signal: this.child.signalCode, outOfMemory: this.outOfMemory }),
          origin: 'service',
        });
        return;
      }
      this.child.send({
        type: 'invoke',
        requestId: request.requestId,
        event: request.event,
        deadlineMs: Date.now() + request.timeoutSeconds * 1000,
        invokedFunctionArn: request.invokedFunctionArn,
        clientContext: request.clientContext,
        identity: request.identity,
        traceId: request.traceId,
      });
    });
  }

  kill(): void {
    this.ending = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.onExit(resolve));
    this.kill();
    await gone;
  }

  private settleInit(result: InitResult): void {
    if (this.initReported) return;
    this.initReported = true;
    this.resolveReady(result);
  }

  private finish(requestId: string, result: InvocationResult): void {
    const inFlight = this.inFlight;
    if (!inFlight || inFlight.request.requestId !== requestId) return;
    clearTimeout(inFlight.timer);
    this.inFlight = undefined;
    const initMs = this.initMs;
    // Only the first invocation of an environment reports its init.
    this.initMs = undefined;
    inFlight.resolve({ ...result, durationMs: performance.now() - inFlight.started, initMs, logs: inFlight.logs });
  }

  private log(record: WorkerLogRecord): void {
    const inFlight = this.inFlight;
    if (inFlight && (record.requestId === undefined || record.requestId === inFlight.request.requestId)) {
      const line = `${new Date().toISOString()}\t${inFlight.request.requestId}\t${record.level}\t${record.message}`;
      inFlight.logs.push(line);
      inFlight.logBytes += line.length + 1;
      while (inFlight.logBytes > LOG_TAIL_BYTES && inFlight.logs.length > 1) inFlight.logBytes -= inFlight.logs.shift()!.length + 1;
    }
    this.options.onLog(record);
  }
}
