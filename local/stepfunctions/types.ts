import type { LocalService } from '../service';

export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StateMachineRecord {
  arn: string;
  name: string;
  type: StateMachineType;
  /** The definition as deployed (ASL JSON text). */
  definition: string;
  roleArn: string;
  /** Epoch ms. */
  createdAt: number;
  origin: 'assembly' | 'api';
  /** Why executions of it cannot run locally (a feature the local interpreter lacks); they fail at once, naming it. */
  notRunnable?: string;
}

/** One event of an execution's history, as GetExecutionHistory returns it (timestamps in epoch ms). */
export interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  /** `<camelCase type>EventDetails` and its value. */
  details?: Record<string, unknown>;
}

/** Where a Standard execution stands, so that it resumes there after a restart. */
export interface Checkpoint {
  /** The top-level state it last entered, and that state's input. */
  state: string;
  input: unknown;
  /** A Wait state's end (epoch ms). */
  waitUntil?: number;
  /** A `.waitForTaskToken` task's token, once its request was sent. */
  taskToken?: string;
}

export interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  traceHeader?: string;
  checkpoint?: Checkpoint;
  events: HistoryEventRecord[];
}

/** A task token handed out and not yet answered; `outcome` holds an answer that came before its task was waiting again (after a restart). */
export interface TaskTokenRecord {
  executionArn: string;
  state: string;
  outcome?: { output: string } | { error?: string; cause?: string };
}

/** The local Step Functions, as other services (EventBridge targets) reach it. */
export interface StepFunctionsService extends LocalService {
  startExecution(stateMachineArn: string, input: string, options?: { name?: string; traceHeader?: string }): Promise<{ executionArn: string }>;
}
