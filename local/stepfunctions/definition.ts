/**
 * A definition as the interpreter (aws-local-stepfunctions) runs it. The library interprets
 * JSONPath states; what it lacks is filled in here, on top of it, by handing it Task states
 * whose work this service does (see execution.ts):
 * - every Task's Resource is run by the local integrations (the library's own Lambda client never is);
 * - Wait states become such tasks, so that a wait's end is known and survives a restart;
 * - JSONata Pass and Task states (`QueryLanguage: JSONata`) become such tasks evaluating
 *   `Arguments` and `Output` with the jsonata package;
 * - `HeartbeatSeconds` is kept by the task (the library has no heartbeats), and a Task without
 *   `TimeoutSeconds` gets AWS's "no timeout" instead of the library's 60 s.
 * What cannot be filled in this way (variables with `Assign`, JSONata Choice/Map/Parallel,
 * ItemReader) makes the machine not runnable, with the reason: its executions fail, naming it.
 */
import aslValidator from 'asl-validator';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

type Json = Record<string, unknown>;

/** What a Task state handed to the interpreter stands for. */
export type TaskSpec =
  | { kind: 'task'; resource: string; heartbeatSeconds?: number; heartbeatSecondsPath?: string; jsonata?: { arguments?: unknown; output?: unknown } }
  | { kind: 'wait'; seconds?: number; timestamp?: string; secondsPath?: string; timestampPath?: string }
  | { kind: 'jsonata-pass'; output?: unknown };

export interface PreparedDefinition {
  definition: StateMachineDefinition;
  /** Each Task the interpreter runs, by state name (names are unique within a machine's top level and within each branch; a clash makes it not runnable). */
  tasks: Map<string, TaskSpec>;
  /** The state's type as written (a Wait is a Task to the interpreter), by name: history says `WaitStateEntered`. */
  types: Map<string, string>;
  /** Names of the top-level states (where an execution resumes). */
  topLevel: Set<string>;
  notRunnable?: string;
}

export interface Diagnostic {
  code: string;
  message: string;
}

/** The library runs timers with setTimeout, which takes at most 2^31-1 ms: AWS's "no timeout" is this. */
const NO_TIMEOUT_SECONDS = 2_147_483;

/** asl-validator's findings, as ValidateStateMachineDefinition's diagnostics and InvalidDefinition's message. */
export function validateDefinition(text: string): { definition?: Json; diagnostics: Diagnostic[] } {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return { diagnostics: [{ code: 'INVALID_JSON_DESCRIPTION', message: (error as Error).message }] };
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    return { diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition must be a JSON object' }] };
  }
  const { isValid, errors } = aslValidator(definition as never, { checkArn: true, checkPaths: true });
  if (isValid) return { definition: definition as Json, diagnostics: [] };
  return { diagnostics: errors.map((error) => ({ code: String(error['Error code']), message: String(error.Message) })) };
}

const isJsonataText = (value: unknown) => typeof value === 'string' && value.trimStart().startsWith('{%');

/** Prepares a valid definition for the interpreter (see the module's comment). */
export function prepareDefinition(source: Json): PreparedDefinition {
  const tasks = new Map<string, TaskSpec>();
  const types = new Map<string, string>();
  const problems: string[] = [];

  const prepareStates = (machine: Json, inherited: string): Json => {
    const language = typeof machine.QueryLanguage === 'string' ? machine.QueryLanguage : inherited;
    const states: Json = {};
    for (const [name, raw] of Object.entries((machine.States ?? {}) as Record<string, Json>)) {
      const stateLanguage = typeof raw.QueryLanguage === 'string' ? raw.QueryLanguage : language;
      if (types.has(name) && types.get(name) !== raw.Type) problems.push(`two states are named ${name}`);
      types.set(name, String(raw.Type));
      const prepared = prepareState(name, raw, stateLanguage);
      if (prepared.spec) {
        const earlier = tasks.get(name);
        if (earlier && JSON.stringify(earlier) !== JSON.stringify(prepared.spec)) problems.push(`two Task states are named ${name}`);
        tasks.set(name, prepared.spec);
      }
      states[name] = prepared.state;
    }
    const { QueryLanguage: _language, ...rest } = machine;
    return { ...rest, States: states };
  };

  const prepareState = (name: string, raw: Json, language: string): { state: Json; spec?: TaskSpec } => {
    const { QueryLanguage: _language, ...state } = raw;
    if ('Assign' in state) problems.push(`state ${name} assigns variables (Assign), which the local interpreter does not run`);
    for (const catcher of (state.Catch ?? []) as Json[]) if ('Assign' in catcher || 'Output' in catcher) problems.push(`a Catch of state ${name} has Assign or Output`);
    const transition = { ...(state.Next !== undefined && { Next: state.Next }), ...(state.End !== undefined && { End: state.End }), ...(state.Comment !== undefined && { Comment: state.Comment }) };
    const asTask = (spec: TaskSpec, extra: Json = {}) => ({ state: { Type: 'Task', Resource: `arn:aws:states:::flare:${spec.kind}`, TimeoutSeconds: NO_TIMEOUT_SECONDS, ...extra, ...transition }, spec });
    if (language === 'JSONata') {
      switch (state.Type) {
        case 'Pass':
          return asTask({ kind: 'jsonata-pass', output: state.Output });
        case 'Task':
          return asTask(
            { kind: 'task', resource: String(state.Resource), ...(typeof state.HeartbeatSeconds === 'number' && { heartbeatSeconds: state.HeartbeatSeconds }), jsonata: { arguments: state.Arguments, output: state.Output } },
            { ...(typeof state.TimeoutSeconds === 'number' && { TimeoutSeconds: state.TimeoutSeconds }), ...(state.Retry !== undefined && { Retry: state.Retry }), ...(state.Catch !== undefined && { Catch: state.Catch }) },
          );
        case 'Succeed':
        case 'Fail':
          if ('Output' in state || isJsonataText(state.Error) || isJsonataText(state.Cause)) problems.push(`JSONata ${String(state.Type)} state ${name} has expressions, which the local interpreter does not evaluate there`);
          return { state };
        case 'Wait':
          if (isJsonataText(state.Seconds) || isJsonataText(state.Timestamp)) problems.push(`JSONata Wait state ${name} has expressions`);
          return prepareState(name, state, 'JSONPath');
        default:
          problems.push(`JSONata ${String(state.Type)} state ${name}: the local interpreter runs JSONata in Pass and Task states only`);
          return { state };
      }
    }
    switch (state.Type) {
      case 'Task': {
        const { HeartbeatSeconds, HeartbeatSecondsPath, ...task } = state;
        const spec: TaskSpec = { kind: 'task', resource: String(state.Resource), ...(typeof HeartbeatSeconds === 'number' && { heartbeatSeconds: HeartbeatSeconds }), ...(typeof HeartbeatSecondsPath === 'string' && { heartbeatSecondsPath: HeartbeatSecondsPath }) };
        const timeout = task.TimeoutSeconds === undefined && task.TimeoutSecondsPath === undefined ? { TimeoutSeconds: NO_TIMEOUT_SECONDS } : {};
        return { state: { ...task, ...timeout }, spec };
      }
      case 'Wait':
        return asTask(
          { kind: 'wait', seconds: state.Seconds as number | undefined, timestamp: state.Timestamp as string | undefined, secondsPath: state.SecondsPath as string | undefined, timestampPath: state.TimestampPath as string | undefined },
          { ...(state.InputPath !== undefined && { InputPath: state.InputPath }), ...(state.OutputPath !== undefined && { OutputPath: state.OutputPath }) },
        );
      case 'Parallel':
        return { state: { ...state, Branches: (state.Branches as Json[]).map((branch) => prepareStates(branch, language)) } };
      case 'Map': {
        const processor = (state.ItemProcessor ?? state.Iterator) as Json;
        if ('ItemReader' in state || 'ResultWriter' in state || 'ItemBatcher' in state) problems.push(`Map state ${name} reads or writes items in S3 or batches them (a Distributed Map), which the local interpreter does not run`);
        // A distributed Map without a reader runs its items inline, bounded by MaxConcurrency.
        const { ProcessorConfig: _config, ...inline } = processor;
        const { ItemProcessor: _item, Iterator: _iterator, ...map } = state;
        return { state: { ...map, ItemProcessor: prepareStates(inline, language) } };
      }
      default:
        return { state };
    }
  };

  const definition = prepareStates(source, 'JSONPath') as unknown as StateMachineDefinition;
  return {
    definition,
    tasks,
    types,
    topLevel: new Set(Object.keys((source.States ?? {}) as Json)),
    ...(problems.length > 0 && { notRunnable: problems.join('; ') }),
  };
}
