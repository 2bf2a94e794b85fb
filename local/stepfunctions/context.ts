import type { OperationCall } from '../kit';
import type { Execution } from './execution';
import type { StatesStore } from './store';
import type { TaskTokens } from './tokens';
import type { ExecutionRecord, StateMachineRecord } from './types';

/** What every Step Functions operation is handed: the common call, the store, and the running executions. */
export interface StatesCall extends OperationCall {
  readonly store: StatesStore;
  readonly tokens: TaskTokens;
  /** The state machine, or StateMachineDoesNotExist. */
  machine(arn: string): StateMachineRecord;
  /** An execution's current record (a running one from memory), or ExecutionDoesNotExist. */
  execution(arn: string): ExecutionRecord;
  /** Starts an execution; resolves once it is recorded (Standard) or started (Express). */
  start(machine: StateMachineRecord, options: { name?: string; input: string; traceHeader?: string }): Promise<Execution>;
  /** A running execution, if this process runs it. */
  running(arn: string): Execution | undefined;
}
