import type { Collection, ServiceState } from '../state';
import type { ExecutionRecord, StateMachineRecord, TaskTokenRecord } from './types';

/**
 * Step Functions' state over collections of the state store: state machines, Standard
 * executions (Express ones are never stored, as AWS keeps no history for them) and the task
 * tokens handed out and not yet answered.
 */
export class StatesStore {
  private constructor(
    readonly machines: Collection<StateMachineRecord>,
    readonly executions: Collection<ExecutionRecord>,
    readonly tokens: Collection<TaskTokenRecord>,
  ) {}

  static async open(state: ServiceState): Promise<StatesStore> {
    const [machines, executions, tokens] = await Promise.all([
      state.collection<StateMachineRecord>('state-machines', { version: 1 }),
      state.collection<ExecutionRecord>('executions', { version: 1 }),
      state.collection<TaskTokenRecord>('task-tokens', { version: 1 }),
    ]);
    return new StatesStore(machines, executions, tokens);
  }
}
