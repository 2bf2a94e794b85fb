/**
 * One execution, run by aws-local-stepfunctions' interpreter on a prepared definition
 * (definition.ts): the Task states it is handed are run here (integrations, waits, JSONata),
 * with AWS's history, the context object, task tokens, the history limit, and checkpoints at
 * the top-level states where a Standard execution resumes after a restart.
 */
import { JSONPath } from 'jsonpath-plus';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { Logger } from '../reporter';
import type { PreparedDefinition, TaskSpec } from './definition';
import { StatesFailure } from './errors';
import { ExecutionHistory, type InterpreterEvent } from './history';
import { parseResource, type Integrations } from './integrations';
import { evaluateTemplate } from './jsonata';
import { ensurePromiseWithResolvers } from './node-support';
import type { TaskTokens } from './tokens';
import type { Checkpoint, ExecutionRecord, StateMachineRecord } from './types';

type JSONValue = Parameters<StateMachine['run']>[0];

export interface RunEnvironment {
  integrations: Integrations;
  tokens: TaskTokens;
  log: Logger;
  /** Stores the record (Standard executions; a no-op for Express ones). Resolves when it is durable. */
  persist(record: ExecutionRecord): Promise<void>;
  historyLimit: number;
}

/** States whose entry is worth a checkpoint: they wait, or call out. Pass and Choice are re-run cheaply after a crash. */
const CHECKPOINTED = new Set(['Task', 'Wait', 'Parallel', 'Map']);
const MAX_TIMER_MS = 2_147_483_647;

export class Execution {
  readonly history: ExecutionHistory;
  readonly done: Promise<void>;
  private finish!: () => void;
  private abort?: () => void;
  private stopped?: { error?: string; cause?: string };
  private limitReached = false;
  private halted = false;
  private openScopes = 0;
  /** On resume: the checkpoint whose state is entered again first (its wait's end, its token), used once. */
  private resumeAt?: Checkpoint;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly machine: StateMachineRecord,
    private readonly prepared: PreparedDefinition,
    readonly record: ExecutionRecord,
    private readonly env: RunEnvironment,
  ) {
    this.history = new ExecutionHistory(record.events, env.historyLimit, () => {
      if (this.limitReached) return;
      this.limitReached = true;
      this.abort?.();
    });
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** Records the start (durably, for a Standard execution): StartExecution answers after this. */
  async begin(): Promise<void> {
    this.history.add('ExecutionStarted', { input: this.record.input, inputDetails: { truncated: false }, roleArn: this.machine.roleArn });
    if (this.machine.type === 'STANDARD') await this.env.persist(this.snapshot());
  }

  /**
   * Runs from the start, or, when `resume` (a Standard execution after a restart), from its
   * checkpoint: the top-level state it last entered, with that state's input (from the start
   * when it had none yet).
   */
  async run(resume = false): Promise<void> {
    const record = this.record;
    let input: unknown = JSON.parse(record.input) as unknown;
    let definition = this.prepared.definition;
    if (resume && record.checkpoint) {
      this.resumeAt = record.checkpoint;
      input = record.checkpoint.input;
      definition = { ...definition, StartAt: record.checkpoint.state };
    }
    if (this.machine.notRunnable) return this.end('FAILED', { error: 'States.Runtime', cause: `The local Step Functions cannot run this state machine: ${this.machine.notRunnable}` });
    ensurePromiseWithResolvers();
    const interpreter = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const handlers = Object.fromEntries([...this.prepared.tasks].map(([name, spec]) => [name, (taskInput: JSONValue) => this.runTask(name, spec, taskInput) as Promise<JSONValue>]));
    const run = interpreter.run(input as JSONValue, { overrides: { taskResourceLocalHandlers: handlers }, context: this.contextObject() });
    this.abort = run.abort;
    const consumed = this.consume(run.eventLogs as AsyncGenerator<InterpreterEvent>);
    try {
      const output = await run.result;
      await settle();
      if (this.stopped) return await this.end('ABORTED', this.stopped);
      await this.end('SUCCEEDED', { output: JSON.stringify(output) });
    } catch (error) {
      await settle();
      if (this.limitReached) return await this.end('FAILED', { error: 'States.Runtime', cause: `The execution reached the maximum number of history events (${this.env.historyLimit}).` });
      if (this.stopped || error instanceof ExecutionAbortedError) return await this.end('ABORTED', this.stopped ?? {});
      if (error instanceof ExecutionTimeoutError) return await this.end('TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out (TimeoutSeconds)' });
      const cause = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
      await this.end('FAILED', { error: cause?.name ?? 'States.Runtime', cause: cause?.message ?? String(error) });
    } finally {
      void consumed;
    }
  }

  /** The local cloud stops: the run ends here without an outcome, and resumes from its checkpoint at the next start. */
  halt(): void {
    this.halted = true;
    for (const wake of this.sleepers) wake();
    this.abort?.();
  }

  /** StopExecution: the run is aborted; it ends ABORTED with the caller's error and cause. */
  stop(error?: string, cause?: string): void {
    this.stopped = { ...(error !== undefined && { error }), ...(cause !== undefined && { cause }) };
    for (const wake of this.sleepers) wake();
    this.abort?.();
  }

  snapshot(): ExecutionRecord {
    return { ...this.record, events: [...this.history.events] };
  }

  private async end(status: ExecutionRecord['status'], outcome: { output?: string; error?: string; cause?: string }): Promise<void> {
    if (this.halted) return this.finish();
    const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut', RUNNING: '' }[status];
    this.history.end(type, status === 'SUCCEEDED' ? { output: outcome.output, outputDetails: { truncated: false } } : { ...(outcome.error !== undefined && { error: outcome.error }), ...(outcome.cause !== undefined && { cause: outcome.cause }) });
    Object.assign(this.record, { status, stopDate: Date.now(), ...outcome, checkpoint: undefined });
    await this.env.tokens.forget(this.record.arn);
    if (this.machine.type === 'STANDARD') await this.env.persist(this.snapshot());
    this.finish();
  }

  /** The context object (`$$`) as far as the interpreter passes it on: the execution, the machine, and a fresh token on each read of `$$.Task.Token`. */
  private contextObject(): Record<string, unknown> {
    const record = this.record;
    const task = {};
    Object.defineProperty(task, 'Token', { enumerable: true, get: () => this.env.tokens.mint(record.arn) });
    return {
      Execution: { Id: record.arn, Name: record.name, RoleArn: this.machine.roleArn, StartTime: new Date(record.startDate).toISOString(), RedriveCount: 0 },
      StateMachine: { Id: this.machine.arn, Name: this.machine.name },
      Task: task,
    };
  }

  /** The interpreter's events, into AWS's history, and the checkpoints at top-level states. */
  private async consume(events: AsyncGenerator<InterpreterEvent>): Promise<void> {
    const typeOf = (name: string, type: string) => this.prepared.types.get(name) ?? type;
    let skipResumedEntry = this.resumeAt !== undefined;
    for await (const event of events) {
      if (event.type === 'ExecutionSucceeded' || event.type === 'ExecutionFailed' || event.type === 'ExecutionAborted' || event.type === 'ExecutionTimeout') return;
      const state = event.state;
      if (state && event.type === 'StateEntered') {
        const type = typeOf(state.name, state.type);
        if (this.openScopes === 0 && this.prepared.topLevel.has(state.name)) this.checkpoint({ state: state.name, input: state.input }, CHECKPOINTED.has(type));
        if (type === 'Parallel' || type === 'Map') this.openScopes++;
        // A resumed execution enters its checkpoint's state again; AWS's history has it once.
        if (skipResumedEntry) {
          skipResumedEntry = false;
          continue;
        }
      } else if (state && (event.type === 'StateExited' || event.type === 'StateFailed')) {
        const type = typeOf(state.name, state.type);
        if (type === 'Parallel' || type === 'Map') this.openScopes--;
      }
      this.history.translate(event, typeOf);
    }
  }

  private checkpoint(checkpoint: Checkpoint, durable: boolean): void {
    // A halted run (the cloud is stopping) keeps the checkpoint it stored last: that is where it resumes.
    if (this.halted) return;
    this.record.checkpoint = checkpoint;
    if (durable && this.machine.type === 'STANDARD') void this.env.persist(this.snapshot()).catch((error: unknown) => this.env.log.error(`execution ${this.record.name}: its checkpoint at ${checkpoint.state} was not stored: ${(error as Error).message}`));
  }

  /** Once, on resume: the checkpoint if `name` is its state. */
  private resumed(name: string): Checkpoint | undefined {
    const at = this.resumeAt;
    if (at?.state !== name) return undefined;
    this.resumeAt = undefined;
    return at;
  }

  private async runTask(name: string, spec: TaskSpec, input: unknown): Promise<unknown> {
    // The interpreter's events of this state (its entry) are translated before the task's own.
    await settle();
    switch (spec.kind) {
      case 'wait':
        return this.wait(name, spec, input);
      case 'jsonata-pass':
        return spec.output === undefined ? input : evaluateTemplate(spec.output, { input, context: this.contextObject() });
      case 'task':
        return this.callTask(name, spec, input);
    }
  }

  private async wait(name: string, spec: Extract<TaskSpec, { kind: 'wait' }>, input: unknown): Promise<unknown> {
    const resumed = this.resumed(name);
    let until = resumed?.waitUntil;
    if (until === undefined) {
      const path = (expression: string) => JSONPath({ path: expression, json: input as object, wrap: false }) as unknown;
      const seconds = spec.seconds ?? (spec.secondsPath ? Number(path(spec.secondsPath)) : undefined);
      const timestamp = spec.timestamp ?? (spec.timestampPath ? String(path(spec.timestampPath)) : undefined);
      until = seconds !== undefined ? Date.now() + seconds * 1000 : Date.parse(timestamp ?? '');
      if (Number.isNaN(until)) throw new StatesFailure('States.Runtime', `Wait state ${name}: its SecondsPath or TimestampPath did not give a number of seconds or a timestamp`);
    }
    if (this.record.checkpoint?.state === name) {
      this.record.checkpoint = { ...this.record.checkpoint, waitUntil: until };
      if (this.machine.type === 'STANDARD') await this.env.persist(this.snapshot());
    }
    await this.sleep(until - Date.now());
    return input;
  }

  private async sleep(ms: number): Promise<void> {
    let remaining = Math.max(0, ms);
    while (remaining > 0 && !this.stopped && !this.halted) {
      const step = Math.min(remaining, MAX_TIMER_MS);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, step);
        this.sleepers.add(wake);
      });
      remaining -= step;
    }
  }

  private async callTask(name: string, spec: Extract<TaskSpec, { kind: 'task' }>, input: unknown): Promise<unknown> {
    const parsed = parseResource(spec.resource);
    const parameters = spec.jsonata?.arguments === undefined ? input : await evaluateTemplate(spec.jsonata.arguments, { input, context: this.contextObject() });
    const legacy = parsed.functionArn !== undefined;
    const resourceType = parsed.sdk ? `aws-sdk:${parsed.service}` : parsed.service;
    const resource = legacy ? parsed.resource : `${parsed.action}${parsed.pattern === 'request' ? '' : `.${parsed.pattern}`}`;
    const resumed = this.resumed(name);
    if (legacy) {
      this.history.add('LambdaFunctionScheduled', { resource, input: JSON.stringify(parameters), inputDetails: { truncated: false } });
      this.history.add('LambdaFunctionStarted');
    } else {
      this.history.add('TaskScheduled', { resourceType, resource, region: this.machine.arn.split(':')[3], parameters: JSON.stringify(parameters), ...(spec.heartbeatSeconds !== undefined && { heartbeatInSeconds: spec.heartbeatSeconds }) });
      this.history.add('TaskStarted', { resourceType, resource });
    }
    try {
      let result: unknown;
      if (parsed.pattern === 'waitForTaskToken') result = await this.callForToken(name, spec, parsed, parameters, resumed, { resourceType, resource });
      else result = await this.env.integrations.call(parsed, parameters, this.machine.roleArn);
      if (legacy) this.history.add('LambdaFunctionSucceeded', { output: JSON.stringify(result), outputDetails: { truncated: false } });
      else this.history.add('TaskSucceeded', { resourceType, resource, output: JSON.stringify(result), outputDetails: { truncated: false } });
      if (spec.jsonata?.output !== undefined) return await evaluateTemplate(spec.jsonata.output, { input, result, context: this.contextObject() });
      return result;
    } catch (error) {
      const failure = error instanceof StatesFailure ? error : new StatesFailure('States.Runtime', (error as Error).message);
      if (legacy) this.history.add('LambdaFunctionFailed', { error: failure.name, cause: failure.message });
      else this.history.add('TaskFailed', { resourceType, resource, error: failure.name, cause: failure.message });
      throw failure;
    }
  }

  /** `.waitForTaskToken`: the request goes out with the token, then the task waits for SendTaskSuccess/Failure (or resumes waiting after a restart). */
  private async callForToken(name: string, spec: Extract<TaskSpec, { kind: 'task' }>, parsed: ReturnType<typeof parseResource>, parameters: unknown, resumed: Checkpoint | undefined, names: { resourceType: string; resource: string }): Promise<unknown> {
    let token = resumed?.taskToken;
    if (!token) {
      token = this.env.tokens.find(this.record.arn, parameters);
      if (!token) throw new StatesFailure('States.Runtime', `Task state ${name} waits for a task token, but its parameters do not pass $$.Task.Token`);
      await this.env.tokens.register(token, { executionArn: this.record.arn, state: name });
      const submitted = await this.env.integrations.call(parsed, parameters, this.machine.roleArn);
      this.history.add('TaskSubmitted', { ...names, output: JSON.stringify(submitted), outputDetails: { truncated: false } });
      if (this.record.checkpoint?.state === name) {
        this.record.checkpoint = { ...this.record.checkpoint, taskToken: token };
        if (this.machine.type === 'STANDARD') await this.env.persist(this.snapshot());
      }
    }
    const heartbeat = spec.heartbeatSeconds ?? (spec.heartbeatSecondsPath ? Number(JSONPath({ path: spec.heartbeatSecondsPath, json: parameters as object, wrap: false })) : undefined);
    const output = await this.env.tokens.wait(token, heartbeat);
    try {
      return JSON.parse(output) as unknown;
    } catch {
      throw new StatesFailure('States.Runtime', `The output sent for the task token is not JSON: ${output.slice(0, 100)}`);
    }
  }
}

/** Lets the interpreter's queued events be translated first (they are delivered in microtasks). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
