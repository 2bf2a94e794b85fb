import { randomUUID } from 'node:crypto';
import { serveJsonService } from '../kit';
import type { ServiceContext } from '../service';
import type { StatesCall } from './context';
import { prepareDefinition, type PreparedDefinition } from './definition';
import { deployAssembly } from './deployment';
import { StatesErrors } from './errors';
import { Execution, type RunEnvironment } from './execution';
import { HISTORY_LIMIT } from './history';
import { Integrations } from './integrations';
import { checkName, executionArn } from './names';
import { STATES_OPERATIONS } from './operations';
import { StatesStore } from './store';
import { TaskTokens } from './tokens';
import type { ExecutionRecord, StateMachineRecord, StepFunctionsService } from './types';

export interface StepFunctionsServiceOptions {
  /** AWS's 25,000 events; tests lower it to reach it quickly. */
  historyLimit?: number;
}

/**
 * The local Step Functions: the assembly's state machines (`AWS::StepFunctions::StateMachine`),
 * run by aws-local-stepfunctions' interpreter with this service's tasks (integrations signed
 * with the machine's role, waits, task tokens, JSONata), served on the edge (AWS JSON 1.0,
 * `AWSStepFunctions.*`). Standard executions are kept in the state store and resume after a
 * restart at the top-level state they were in; Express executions live in memory only.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createLambdaService(), createStepFunctionsService()] });
 */
export class StepFunctionsLocalService implements StepFunctionsService {
  readonly name = 'stepfunctions' as const;
  readonly resourceTypes = ['AWS::StepFunctions::StateMachine'] as const;
  private store?: StatesStore;
  private tokens?: TaskTokens;
  private environment?: RunEnvironment;
  private readonly running = new Map<string, Execution>();
  /** Each launched run until it settles: stop() waits for them. */
  private readonly runs = new Set<Promise<void>>();
  private readonly prepared = new Map<string, PreparedDefinition>();
  private notRun: string[] = [];
  private resumed = 0;

  constructor(private readonly options: StepFunctionsServiceOptions = {}) {}

  async start(context: ServiceContext): Promise<void> {
    const store = await StatesStore.open(context.state);
    const deployment = await deployAssembly(context.assembly, store, context.log);
    this.notRun = deployment.notRun;
    const tokens = new TaskTokens(store.tokens);
    this.store = store;
    this.tokens = tokens;
    this.environment = {
      integrations: new Integrations({ services: context.services, endpoint: context.endpoint }),
      tokens,
      log: context.log,
      persist: (record) => store.executions.put(record.arn, record),
      historyLimit: this.options.historyLimit ?? HISTORY_LIMIT,
    };
    serveJsonService<StatesCall>({
      name: 'stepfunctions',
      targetPrefixes: ['AWSStepFunctions'],
      contentType: 'application/x-amz-json-1.0',
      registry: STATES_OPERATIONS,
      context,
      bind: (call) => ({
        ...call,
        store,
        tokens,
        machine: (arn) => this.machine(arn),
        execution: (arn) => this.running.get(arn)?.snapshot() ?? store.executions.get(arn) ?? (() => { throw StatesErrors.executionDoesNotExist(arn); })(),
        start: (machine, options) => this.begin(machine, options),
        running: (arn) => this.running.get(arn),
      }),
    });
    for (const record of [...store.executions.values()].filter((execution) => execution.status === 'RUNNING')) await this.resume(record);
    if (this.resumed > 0) context.log.info(`${this.resumed} Standard execution(s) left running by the last run resume where they stopped`);
  }

  async stop(): Promise<void> {
    for (const execution of this.running.values()) execution.halt();
    await Promise.all(this.runs);
    await this.store?.executions.settled();
  }

  summary(): string {
    if (!this.store) return 'not started';
    const machines = [...this.store.machines.values()];
    const parts = [`${machines.length} state machine${machines.length === 1 ? '' : 's'}${machines.length > 0 ? ` (${machines.map((m) => `${m.name} ${m.type}`).join(', ')})` : ''}`];
    if (this.resumed > 0) parts.push(`${this.resumed} execution(s) resumed`);
    if (this.notRun.length > 0) parts.push(`NOT run: ${this.notRun.join('; ')}`);
    return parts.join('; ');
  }

  /** For EventBridge targets: starts an execution of the machine with this input. */
  async startExecution(stateMachineArn: string, input: string, options: { name?: string; traceHeader?: string } = {}): Promise<{ executionArn: string }> {
    const execution = await this.begin(this.machine(stateMachineArn), { input, ...options });
    return { executionArn: execution.record.arn };
  }

  private machine(arn: string): StateMachineRecord {
    const machine = this.store?.machines.get(arn);
    if (!machine) throw StatesErrors.stateMachineDoesNotExist(arn);
    return machine;
  }

  private preparedOf(machine: StateMachineRecord): PreparedDefinition {
    let prepared = this.prepared.get(machine.arn);
    if (!prepared || this.store?.machines.get(machine.arn) !== machine) {
      prepared = prepareDefinition(JSON.parse(machine.definition) as Record<string, unknown>);
      this.prepared.set(machine.arn, prepared);
    }
    return prepared;
  }

  private async begin(machine: StateMachineRecord, options: { name?: string; input: string; traceHeader?: string }): Promise<Execution> {
    const name = options.name ?? randomUUID();
    checkName(name);
    try {
      JSON.parse(options.input);
    } catch (error) {
      throw StatesErrors.invalidExecutionInput((error as Error).message);
    }
    const arn = executionArn(machine.arn, name, machine.type, randomUUID());
    if (machine.type === 'STANDARD') {
      const existing = this.running.get(arn)?.record ?? this.store!.executions.get(arn);
      // Starting the same name with the same input while it runs is idempotent, as AWS documents.
      if (existing && existing.status === 'RUNNING' && existing.input === options.input) return this.running.get(arn)!;
      if (existing) throw StatesErrors.executionAlreadyExists(arn);
    }
    const record: ExecutionRecord = { arn, stateMachineArn: machine.arn, name, status: 'RUNNING', input: options.input, startDate: Date.now(), traceHeader: options.traceHeader, events: [] };
    const execution = new Execution(machine, this.preparedOf(machine), record, this.environment!);
    this.running.set(arn, execution);
    await execution.begin();
    this.launch(execution, false);
    return execution;
  }

  private async resume(record: ExecutionRecord): Promise<void> {
    const machine = this.store!.machines.get(record.stateMachineArn);
    if (!machine) {
      await this.store!.executions.put(record.arn, { ...record, status: 'FAILED', stopDate: Date.now(), error: 'States.Runtime', cause: 'Its state machine is no longer deployed' });
      return;
    }
    const prepared = this.preparedOf(machine);
    const checkpoint = record.checkpoint ?? { state: prepared.definition.StartAt, input: JSON.parse(record.input) as unknown };
    const execution = new Execution(machine, prepared, { ...record, events: [...record.events], checkpoint }, this.environment!);
    this.running.set(record.arn, execution);
    this.resumed++;
    this.launch(execution, true);
  }

  private launch(execution: Execution, resume: boolean): void {
    const run = execution
      .run(resume)
      .catch((error: unknown) => this.environment!.log.error(`execution ${execution.record.name}: the local interpreter failed: ${(error as Error).stack}`))
      .finally(() => {
        this.running.delete(execution.record.arn);
        this.runs.delete(run);
      });
    this.runs.add(run);
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createStepFunctionsService()] });
 */
export function createStepFunctionsService(options: StepFunctionsServiceOptions = {}): StepFunctionsLocalService {
  return new StepFunctionsLocalService(options);
}
