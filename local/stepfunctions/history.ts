/**
 * An execution's history as GetExecutionHistory gives it: AWS's event types
 * (ExecutionStarted, TaskStateEntered, TaskScheduled, TaskSucceeded, MapIterationStarted, …),
 * numbered from 1, each with its `<type>EventDetails`. The interpreter's own events are
 * translated here; the Task events come from the tasks this service runs.
 */
import type { HistoryEventRecord } from './types';

/** AWS's limit on one execution's history; the execution fails when it would pass it. */
export const HISTORY_LIMIT = 25_000;

/** The library's events (aws-local-stepfunctions EventLog), as far as the translation reads them. */
export interface InterpreterEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  parentState?: { name: string; type: string };
  index?: number;
  Error?: string;
  Cause?: unknown;
}

const detailsKey = (type: string) => `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
const json = (value: unknown) => JSON.stringify(value ?? null);

export class ExecutionHistory {
  constructor(
    readonly events: HistoryEventRecord[],
    private readonly limit: number,
    /** Called once, when an event would pass the limit (it is not recorded). */
    private readonly exceeded: () => void,
  ) {}

  get full(): boolean {
    return this.events.length >= this.limit;
  }

  add(type: string, details?: Record<string, unknown>): void {
    if (this.full) return this.exceeded();
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, timestamp: Date.now(), type, ...(details && { details: { [detailsKey(type)]: details } }) });
  }

  /** The last event, whatever the limit (the execution's end is always recorded). */
  end(type: string, details: Record<string, unknown>): void {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, timestamp: Date.now(), type, details: { [detailsKey(type)]: details } });
  }

  /** One interpreter event, translated; `typeOf` gives a state's type as written (a Wait is a Task to the interpreter). */
  translate(event: InterpreterEvent, typeOf: (name: string, type: string) => string): void {
    const state = event.state;
    switch (event.type) {
      case 'StateEntered': {
        const type = typeOf(state!.name, state!.type);
        this.add(`${type}StateEntered`, { name: state!.name, input: json(state!.input), inputDetails: { truncated: false } });
        if (type === 'Parallel') this.add('ParallelStateStarted');
        if (type === 'Map') this.add('MapStateStarted', { length: Array.isArray(state!.input) ? state!.input.length : 0 });
        return;
      }
      case 'StateExited': {
        const type = typeOf(state!.name, state!.type);
        if (type === 'Fail') return;
        if (type === 'Parallel' || type === 'Map') this.add(`${type}StateSucceeded`);
        this.add(`${type}StateExited`, { name: state!.name, output: json(state!.output), outputDetails: { truncated: false } });
        return;
      }
      case 'StateFailed': {
        const type = typeOf(state!.name, state!.type);
        if (type === 'Parallel' || type === 'Map') this.add(`${type}StateFailed`);
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
        return this.add(event.type, { name: event.parentState!.name, index: event.index });
      case 'MapIterationFailed':
        return this.add(event.type, { name: event.parentState!.name, index: event.index });
      default:
        // ExecutionStarted/Succeeded/Failed are recorded by the execution itself (with the role, output, error);
        // the library's branch, retry and catch events have no event of their own in AWS's history.
        return;
    }
  }
}
