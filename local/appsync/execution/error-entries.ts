/**
 * The entries of a response's `errors[]`, worded and shaped as AppSync (graphql-java) writes
 * them: field errors with their path and location, non-null violations, null variables, and
 * the answer to a request past its deadline.
 */
import { Kind, type GraphQLError, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { AppSyncFieldError } from '../errors';
import type { AppSyncResolverError } from '../runtime/types';
import { limitReached } from './budget';
import type { LineIndex } from './locations';

/** One entry of `errors[]` as AppSync returns it. */
export type AppSyncErrorEntry = Record<string, unknown>;

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: AppSyncErrorEntry[];
}

/** The graphql-java wording for a null in a non-null field. */
export class NonNullFieldError extends Error {}

export function location(info: GraphQLResolveInfo, lines: LineIndex) {
  const loc = info.fieldNodes[0]?.loc;
  if (!loc) return null;
  const { line, column } = lines.lineColumn(loc.start);
  return [{ line, column, sourceName: null }];
}

export function pathArray(path: GraphQLResolveInfo['path']): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = path; p; p = p.prev) out.unshift(p.key);
  return out;
}

export function entry(path: (string | number)[] | null, locations: unknown, error: AppSyncResolverError): AppSyncErrorEntry {
  return { path, data: error.data ?? null, errorType: error.errorType ?? null, errorInfo: error.errorInfo ?? null, locations, message: error.message };
}

/** AppSync's answer past 30 s: each top-level field null, with an ExecutionTimeout error. */
export function timedOut(operation: OperationDefinitionNode): GraphQLResponseBody {
  const keys = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : []));
  const error = limitReached.timeout();
  return {
    data: Object.fromEntries(keys.map((key) => [key, null])),
    errors: keys.map((key) => ({ path: [key], data: null, errorType: error.errorType, errorInfo: null, locations: null, message: error.message })),
  };
}

/** Formats an execution error as AppSync does. */
export function formatError(error: GraphQLError): AppSyncErrorEntry {
  const original = error.originalError;
  const locations = error.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;
  const path = error.path ? [...error.path] : null;
  if (original instanceof AppSyncFieldError) {
    return { path, data: original.data, errorType: original.errorType, errorInfo: original.errorInfo, locations, message: original.message };
  }
  if (original instanceof NonNullFieldError) return { path, locations: null, message: original.message };
  return { path, locations, message: error.message };
}

/** graphql-java's check of non-null variables, worded as AppSync answers it. */
export function nullVariableErrors(operation: OperationDefinitionNode, variables: Record<string, unknown>, lines: LineIndex): AppSyncErrorEntry[] {
  const out: AppSyncErrorEntry[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.type.kind !== Kind.NON_NULL_TYPE || definition.defaultValue) continue;
    const name = definition.variable.name.value;
    if (variables[name] === null || variables[name] === undefined) {
      const loc = definition.loc;
      const locations = loc ? [{ ...lines.lineColumn(loc.start), sourceName: null }] : null;
      out.push({ path: null, locations, message: `Variable '${name}' has coerced Null value for NonNull type '${printType(definition.type)}'` });
    }
  }
  return out;
}

function printType(type: OperationDefinitionNode['variableDefinitions'] extends readonly (infer D)[] | undefined ? D extends { type: infer T } ? T : never : never): string {
  if (type.kind === Kind.NON_NULL_TYPE) return `${printType(type.type)}!`;
  if (type.kind === Kind.LIST_TYPE) return `[${printType(type.type)}]`;
  return type.name.value;
}
