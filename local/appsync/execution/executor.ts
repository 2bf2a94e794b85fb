import {
  execute,
  getOperationAST,
  GraphQLError,
  isNonNullType,
  Kind,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import type { IamService } from '../../iam/types';
import type { Logger } from '../../reporter';
import type { ResolverConfig } from '../api/config';
import type { GraphQLApiModel } from '../api/graphql-api';
import type { FieldAuthorizer } from '../auth/field-authorization';
import type { RequestAuth } from '../auth/identity';
import { AppSyncFieldError, notAuthorized, UnauthorizedException } from '../errors';
import type { ExtensionEffects, ResolverContext } from '../runtime/types';
import { ExecutionBudget, type StopReason } from './budget';
import { entry, formatError, location, NonNullFieldError, nullVariableErrors, pathArray, timedOut, type AppSyncErrorEntry, type GraphQLResponseBody } from './error-entries';
import { resolverInfo } from './info';
import { LineIndex } from './locations';
import { parserLimitExceeded } from './parser-limits';
import type { FieldScheduler } from './scheduler';
import type { ResolverRunner } from './resolver-runner';
import { validateForAppSync, type FormattedValidationError } from './validation';

export type { AppSyncErrorEntry, GraphQLResponseBody } from './error-entries';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface ExecutionCall {
  request: GraphQLRequest;
  auth: RequestAuth;
  /** Request headers, lowercased, for `$ctx.request.headers`. */
  headers: Record<string, string>;
  requestId: string;
  log: Logger;
  /** Which operation types may run (HTTP runs queries and mutations; real-time, subscriptions). */
  allow: readonly ('query' | 'mutation' | 'subscription')[];
  /**
   * Real-time delivery of a mutation's result to one subscriber: the top-level
   * subscription field takes this value (its resolver ran at `start`), and nested
   * fields run only resolvers that touch no data source (field-level auth checks);
   * relations are passed through as the mutation returned them, as AppSync does.
   */
  subscriptionPayload?: { value: unknown };
}

/** A top-level mutation field that completed: what `@aws_subscribe` subscribers are sent. */
export interface MutationResult {
  apiId: string;
  /** The mutation field's name (what `@aws_subscribe(mutations: [...])` lists). */
  fieldName: string;
  /** The field's value as the mutation's caller received it (its selection set). */
  data: unknown;
  /** The mutation's arguments (variables resolved). */
  arguments: Record<string, unknown>;
  auth: RequestAuth;
}

export interface ExecutionOutcome {
  status: number;
  body: GraphQLResponseBody;
  operation?: OperationDefinitionNode;
  /** Per top-level field, the `$extensions` effects of its resolver (subscription filters). */
  effects: Map<string, ExtensionEffects[]>;
  mutationResults: MutationResult[];
  /** Set when the request stopped early: past 30 s, or past AppSync's response size. */
  stopped?: StopReason;
}

/** What every API's executor shares: the scheduler of the process's turns, and the time a request may take. */
export interface ExecutionSettings {
  scheduler: FieldScheduler;
  /** AppSync's 30 s. */
  timeoutMs: number;
}

interface RequestState {
  call: ExecutionCall;
  variables: Record<string, unknown>;
  appended: AppSyncErrorEntry[];
  effects: Map<string, ExtensionEffects[]>;
  budget: ExecutionBudget;
  lines: LineIndex;
}

interface PreparedDocument {
  document?: DocumentNode;
  errors: FormattedValidationError[];
  lines: LineIndex;
}

const MAX_CACHED_DOCUMENTS = 500;

/**
 * Executes GraphQL requests against one API: parse (cached) → validate (AppSync's
 * wording) → execute with a field resolver that checks each field's auth, runs its
 * resolver from the `Type.field` registry, or reads `source[field]` when there is none.
 * @example
 * const outcome = await executor.execute({ request: { query: '{ listServices { items { id } } }' }, auth, headers, requestId, log, allow: ['query', 'mutation'] });
 */
export class GraphQLExecutor {
  private readonly documents = new Map<string, PreparedDocument>();
  /** Per field of the schema: its resolver, or null for none. */
  private readonly resolvers = new WeakMap<GraphQLField<unknown, unknown>, ResolverConfig | null>();

  constructor(
    private readonly api: GraphQLApiModel,
    private readonly runner: ResolverRunner,
    private readonly authorizer: FieldAuthorizer,
    private readonly iam: () => IamService | undefined,
    private readonly settings: ExecutionSettings,
  ) {}

  async execute(call: ExecutionCall): Promise<ExecutionOutcome> {
    const empty = { effects: new Map(), mutationResults: [] };
    const prepared = this.prepare(call.request.query);
    if (!prepared.document) return { status: 200, body: { data: null, errors: prepared.errors as unknown as AppSyncErrorEntry[] }, ...empty };
    const document = prepared.document;
    const operation = getOperationAST(document, call.request.operationName ?? undefined) ?? undefined;
    if (!operation) {
      const message = call.request.operationName ? `Unknown operation named '${call.request.operationName}'.` : 'Must provide operation name if query contains multiple operations.';
      return { status: 200, body: { data: null, errors: [{ path: null, locations: null, message }] }, ...empty };
    }
    if (!call.allow.includes(operation.operation)) {
      return {
        status: 200,
        body: { data: null, errors: [{ path: null, locations: null, message: `Operation type ${operation.operation} is not supported here; subscriptions use the real-time endpoint.` }] },
        operation,
        ...empty,
      };
    }
    const variables = call.request.variables ?? {};
    const variableErrors = nullVariableErrors(operation, variables, prepared.lines);
    if (variableErrors.length) return { status: 200, body: { data: null, errors: variableErrors }, operation, ...empty };

    // IAM is decided for the whole request before anything runs: a policy that denies any
    // top-level field rejects the request with 401 UnauthorizedException, as AppSync does.
    if (call.auth.principal && !call.subscriptionPayload) this.authorizeIam(document, operation, call);

    const state: RequestState = { call, variables, appended: [], effects: new Map(), budget: new ExecutionBudget(this.api.limits), lines: prepared.lines };
    const result = await this.withinDeadline(
      execute({
        schema: this.api.schema,
        document,
        operationName: call.request.operationName ?? undefined,
        variableValues: variables,
        contextValue: state,
        fieldResolver: this.fieldResolver,
      }),
      state.budget,
    );
    if (!result) return { status: 200, body: timedOut(operation), operation, effects: state.effects, mutationResults: [], stopped: 'timeout' };
    if (state.budget.stopped) return { status: 200, body: { data: null }, operation, effects: state.effects, mutationResults: [], stopped: state.budget.stopped };

    const errors = [...(result.errors ?? []).map(formatError), ...state.appended];
    const body: GraphQLResponseBody = { data: result.data ?? null };
    if (errors.length) body.errors = errors;
    const mutationResults = operation.operation === 'mutation' && result.data ? this.mutationResults(operation, result.data, call.auth, variables) : [];
    return { status: 200, body, operation, effects: state.effects, mutationResults };
  }

  /**
   * The execution's result, or undefined when it passed AppSync's 30 s: the request is then
   * answered at once, and the budget stopped, so what is still running fails fast.
   */
  private async withinDeadline(execution: ReturnType<typeof execute>, budget: ExecutionBudget): Promise<ExecutionResult | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        budget.stop('timeout');
        resolve(undefined);
      }, this.settings.timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve(execution), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private prepare(query: string): PreparedDocument {
    let prepared = this.documents.get(query);
    if (!prepared) {
      const lines = new LineIndex(query);
      const overLimit = parserLimitExceeded(query);
      try {
        if (overLimit) throw new GraphQLError(overLimit.message);
        const document = parse(query);
        const errors = validateForAppSync(this.api.schema, document);
        prepared = errors.length ? { errors, lines } : { document, errors, lines };
      } catch (error) {
        const syntax = error as GraphQLError;
        const located = syntax.locations ?? (overLimit && [overLimit]);
        const locations = located ? located.map((l) => ({ line: l.line, column: l.column, sourceName: null })) : null;
        prepared = { errors: [{ path: null, locations, message: `Invalid Syntax : ${syntax.message.replace(/^Syntax Error: /, '')}` }], lines };
      }
      if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
      this.documents.set(query, prepared);
    }
    return prepared;
  }

  /** Every field starts here: the budget (a stopped request, the depth limit), then its resolver or its source's value. */
  private readonly fieldResolver: GraphQLFieldResolver<unknown, RequestState> = (source, args, state, info) => {
    state.budget.enterField(info);
    return this.resolveField(source, args, state, info);
  };

  private resolveField(source: unknown, args: Record<string, unknown>, state: RequestState, info: GraphQLResolveInfo): unknown {
    const parentType = info.parentType;
    const field = parentType.getFields()[info.fieldName];
    const { auth } = state.call;
    if (!this.authorizer.allows(parentType, field, auth)) throw notAuthorized(info.fieldName, parentType.name);
    const resolver = this.resolverOf(parentType, field);
    const payload = state.call.subscriptionPayload;
    if (payload && !info.path.prev) return this.checkNonNull(payload.value, info, state);
    if (!resolver || (payload && !this.touchesNoDataSource(resolver))) {
      const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[info.fieldName] : undefined;
      return this.checkNonNull(value, info, state);
    }
    state.budget.countResolver();
    // Resolvers take turns with other requests' (see FieldScheduler); a request stopped meanwhile fails fast.
    return this.settings.scheduler.run(state, () => {
      state.budget.checkRunning();
      return this.resolve(resolver, source, args, state, info);
    });
  }

  /** The field's resolver from the `Type.field` registry, remembered per field (most fields have none). */
  private resolverOf(parentType: GraphQLObjectType, field: GraphQLField<unknown, unknown>): ResolverConfig | undefined {
    let resolver = this.resolvers.get(field);
    if (resolver === undefined) {
      resolver = this.api.resolver(parentType.name, field.name) ?? null;
      this.resolvers.set(field, resolver);
    }
    return resolver ?? undefined;
  }

  /** Whether every step of a resolver uses a NONE data source (auth checks, no reads). */
  private touchesNoDataSource(resolver: NonNullable<ReturnType<GraphQLApiModel['resolver']>>): boolean {
    const names = resolver.kind === 'UNIT' ? [resolver.dataSourceName] : resolver.functions.map((f) => f.dataSourceName);
    return names.every((name) => name !== undefined && this.api.dataSources.get(name)?.type === 'NONE');
  }

  /**
   * IAM callers need `appsync:GraphQL` on `…/types/<Type>/fields/<field>` for every top-level
   * field of the operation; one denial refuses the whole request (401), not just that field.
   */
  private authorizeIam(document: DocumentNode, operation: OperationDefinitionNode, call: ExecutionCall): void {
    const iam = this.iam();
    if (!iam) throw new UnauthorizedException('IAM authorization needs the local iam service, which is not running in this local cloud');
    const schema = this.api.schema;
    const rootType = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
    const typeName = rootType?.name ?? operation.operation;
    for (const fieldName of topLevelFields(document, operation.selectionSet)) {
      const request = { action: 'appsync:GraphQL', resource: `${this.api.arn}/types/${typeName}/fields/${fieldName}` };
      const decision = iam.authorize(call.auth.principal!, request);
      if (!decision.allowed) {
        call.log.warn(`denied ${request.action} on ${request.resource} to ${call.auth.principal!.arn} (${decision.reason}): the request is refused with 401; allow it in the caller's IAM policy`);
        throw new UnauthorizedException();
      }
    }
  }

  private async resolve(resolver: ResolverConfig, source: unknown, args: Record<string, unknown>, state: RequestState, info: GraphQLResolveInfo): Promise<unknown> {
    const { call } = state;
    const context: ResolverContext = {
      arguments: args,
      // Each field resolver gets its own copy of the parent, as on AppSync: a resolver that
      // rewrites `$ctx.source` (Amplify's owner field resolver does) must not change what its
      // sibling fields read, whichever runs first.
      source: source && typeof source === 'object' ? structuredClone(source as Record<string, unknown>) : null,
      identity: call.auth.identity,
      request: { headers: call.headers, domainName: null },
      info: resolverInfo(info, state.variables),
      stash: {},
      outErrors: [],
      authType: call.auth.authType,
    };
    let outcome;
    try {
      outcome = await this.runner.run({ resolver, context, requestId: call.requestId, log: call.log });
    } catch (error) {
      // A failure outside the backend's code is a local-cloud bug: log it whole, fail only this field.
      call.log.error(`resolving ${info.parentType.name}.${info.fieldName} failed: ${(error as Error).stack ?? error}`);
      throw new AppSyncFieldError({ errorType: 'InternalFailure', message: `The local AppSync failed to resolve ${info.parentType.name}.${info.fieldName}: ${(error as Error).message}` });
    }
    if (!info.path.prev) state.effects.set(info.path.key as string, outcome.effects);
    if (outcome.appendedErrors.length) {
      const path = pathArray(info.path);
      for (const appended of outcome.appendedErrors) state.appended.push(entry(path, location(info, state.lines), appended));
    }
    if (outcome.error) throw outcome.error;
    return this.checkNonNull(outcome.value, info, state);
  }

  private checkNonNull(value: unknown, info: GraphQLResolveInfo, state: RequestState): unknown {
    state.budget.addValue(info, value);
    if ((value === null || value === undefined) && isNonNullType(info.returnType)) {
      const path = pathArray(info.path).filter((p) => typeof p === 'string').join('/');
      throw new NonNullFieldError(`Cannot return null for non-nullable type: '${String(info.returnType.ofType)}' within parent '${info.parentType.name}' (/${path})`);
    }
    return value;
  }

  private mutationResults(operation: OperationDefinitionNode, data: Record<string, unknown>, auth: RequestAuth, variables: Record<string, unknown>): MutationResult[] {
    const out: MutationResult[] = [];
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const value = data[key];
      if (value === null || value === undefined) continue;
      const args = Object.fromEntries((selection.arguments ?? []).map((arg) => [arg.name.value, arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : undefined]));
      out.push({ apiId: this.api.apiId, fieldName: selection.name.value, data: value, arguments: args, auth });
    }
    return out;
  }
}

/** The names of an operation's top-level fields, through fragments (introspection fields left out). */
function topLevelFields(document: DocumentNode, selectionSet: SelectionSetNode, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      for (const name of topLevelFields(document, selection.selectionSet, seen)) names.add(name);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment) for (const name of topLevelFields(document, fragment.selectionSet, seen)) names.add(name);
    }
  }
  return names;
}
