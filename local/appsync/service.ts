import { Kind, valueFromASTUntyped } from 'graphql';
import type { LocalService, ServiceContext } from '../service';
import type { Logger } from '../reporter';
import type { RuntimeName } from './api/config';
import { GraphQLApiModel } from './api/graphql-api';
import type { AuthRequest } from './auth/authenticate';
import type { RequestAuth } from './auth/identity';
import type { GraphQLRequest, GraphQLResponseBody, MutationResult } from './execution/executor';
import { EXECUTION_LIMITS } from './execution/budget';
import { FieldScheduler } from './execution/scheduler';
import { RestJsonService } from '../edge';
import { authenticateRequest, authorizeRequest, restJsonAuthError } from '../iam';
import type { IamService, Principal } from '../iam/types';
import { CONTROL_PLANE_OPERATIONS, type ControlPlane } from './control-plane';
import { GraphQLEndpoint } from './graphql-endpoint';
import type { ExtensionEffects, ResolverRuntime } from './runtime/types';
import { JsRuntime } from './js';
import { VtlRuntime } from './vtl';

export interface AppSyncServiceOptions {
  /** The resolver runtimes (VTL 2018-05-29 and APPSYNC_JS 1.0.0); default: local/appsync/vtl and local/appsync/js. */
  runtimes?: Partial<Record<RuntimeName, ResolverRuntime>>;
  /** How long a request may run: AppSync's 30 s unless given (tests shorten it). */
  executionTimeoutMs?: number;
}

/** What `runSubscriptionResolver` answers for one subscriber. */
export interface SubscriptionStart {
  /** `{ data, errors }` of running the subscription field's resolver; errors mean: refuse the subscription. */
  body: GraphQLResponseBody;
  /** The subscription field (`onCreateIncident`). */
  fieldName?: string;
  /** The mutations that feed it (`@aws_subscribe(mutations: [...])`). */
  mutations: string[];
  /** What its handlers asked for through `$extensions` (subscription filters, invalidation filters). */
  effects: ExtensionEffects[];
}

type MutationListener = (result: MutationResult) => void;

/**
 * The local AppSync: serves every `AWS::AppSync::GraphQLApi` of the assembly at its
 * GraphQL URL on the edge (`/graphql`, or `/apis/<apiId>/graphql` when there are
 * several), and offers the real-time engine two hooks: `onMutationResult` (each
 * completed top-level mutation field, for `@aws_subscribe`) and
 * `runSubscriptionResolver` (a subscription field's resolver run for a subscriber at
 * `start`, with its `$extensions` effects).
 * @example
 * const appsync = new AppSyncService({ runtimes: { VTL: vtl, APPSYNC_JS: js } });
 * const off = appsync.onMutationResult((result) => console.log(result.fieldName, result.data));
 */
export class AppSyncService implements LocalService {
  readonly name = 'appsync';
  readonly resourceTypes = [
    'AWS::AppSync::GraphQLApi',
    'AWS::AppSync::GraphQLSchema',
    'AWS::AppSync::ApiKey',
    'AWS::AppSync::DataSource',
    'AWS::AppSync::FunctionConfiguration',
    'AWS::AppSync::Resolver',
  ] as const;

  private readonly endpoints = new Map<string, GraphQLEndpoint>();
  private readonly listeners = new Set<MutationListener>();
  /** One for all the APIs: their requests share the process in turn. */
  private readonly scheduler = new FieldScheduler();
  private log?: Logger;

  constructor(private readonly options: AppSyncServiceOptions = {}) {}

  async start(context: ServiceContext): Promise<void> {
    this.log = context.log;
    // Handlers' logs ($util.log, console.log) go where AppSync's go: the service's log.
    const runtimes = this.options.runtimes ?? { VTL: new VtlRuntime({ log: context.log }), APPSYNC_JS: new JsRuntime({ log: context.log }) };
    const apis = GraphQLApiModel.fromAssembly(context.assembly);
    for (const api of apis) {
      const graphqlPath = new URL(String(context.assembly.ofType('AWS::AppSync::GraphQLApi').find((r) => String(r.getAtt('ApiId')) === api.apiId)!.getAtt('GraphQLUrl'))).pathname;
      const execution = { scheduler: this.scheduler, timeoutMs: this.options.executionTimeoutMs ?? EXECUTION_LIMITS.timeoutMs };
      this.endpoints.set(api.apiId, new GraphQLEndpoint(api, graphqlPath, context.services, runtimes, execution));
    }
    if (this.endpoints.size === 0) return;
    const missing = (['VTL', 'APPSYNC_JS'] as const).filter((name) => !runtimes[name] && this.usesRuntime(name));
    if (missing.length) context.log.warn(`no ${missing.join(' or ')} resolver runtime given: resolvers that need it fail, naming it`);
    const byPath = new Map([...this.endpoints.values()].map((endpoint) => [endpoint.path, endpoint]));
    context.edge.addRoute({
      name: 'appsync',
      match: (request) => byPath.has(request.path),
      handle: async (request, response) => {
        const endpoint = byPath.get(request.path)!;
        const outcome = await endpoint.handle(request, response);
        for (const result of outcome?.mutationResults ?? []) this.emit(result);
      },
    });
    context.edge.addRoute(this.controlPlaneRoute(context));
  }

  /** AppSync's control-plane API (`/v1/apis…`), read-only: the APIs come from the assembly. */
  private controlPlaneRoute(context: ServiceContext) {
    const iam = () => context.services.find<IamService>('iam');
    const plane: ControlPlane = {
      apis: () => [...this.endpoints.values()].map((endpoint) => ({ model: endpoint.api, path: endpoint.path })),
      endpoint: context.endpoint,
      authorize: (call, action, resource) => authorizeRequest(iam(), call.principal as Principal | undefined, { action, resource }),
    };
    return new RestJsonService({
      name: 'appsync control plane',
      scopeService: 'appsync',
      pathPrefixes: ['/v1/apis'],
      operations: CONTROL_PLANE_OPERATIONS.map((operation) => operation(plane)),
      log: context.log,
      authenticate: (request, body) => {
        const found = iam();
        return found ? authenticateRequest(found, request, body, restJsonAuthError) : undefined;
      },
    }).route();
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    this.endpoints.clear();
  }

  summary(): string {
    const apis = [...this.endpoints.values()];
    if (apis.length === 0) return 'no GraphQL APIs';
    return apis.map((e) => `${e.api.name} at ${e.path} (${e.api.resolvers.size} resolvers, ${e.api.authProviders.map((p) => p.type).join(' + ')})`).join('; ');
  }

  /** The schema of a served API (the real-time engine reads subscription arguments from it). */
  schemaOf(apiId: string): import('graphql').GraphQLSchema {
    return this.endpoint(apiId).api.schema;
  }

  /** Whether a resolver runtime was given (resolvers needing a missing one fail, naming it). */
  hasRuntime(name: RuntimeName): boolean {
    return this.options.runtimes ? this.options.runtimes[name] !== undefined : true;
  }

  /** The GraphQL APIs served, with their paths on the edge. */
  apis(): { apiId: string; name: string; path: string }[] {
    return [...this.endpoints.values()].map((e) => ({ apiId: e.api.apiId, name: e.api.name, path: e.path }));
  }

  /**
   * Calls `listener` for every top-level mutation field that completed with a value.
   * Returns a function that removes the listener.
   */
  onMutationResult(listener: MutationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Authenticates a caller of an API (a real-time connection's auth headers) exactly as HTTP requests are. */
  authenticate(apiId: string, request: AuthRequest): Promise<RequestAuth> {
    return this.endpoint(apiId).authenticator.authenticate(request);
  }

  /** Runs a query or mutation for an authenticated caller (mutation results reach `onMutationResult`). */
  async execute(apiId: string, request: GraphQLRequest, auth: RequestAuth, requestId: string, headers: Record<string, string> = {}): Promise<GraphQLResponseBody> {
    const endpoint = this.endpoint(apiId);
    const outcome = await endpoint.execute(request, auth, { headers, requestId }, this.log!.withRequest(requestId));
    for (const result of outcome.mutationResults) this.emit(result);
    return outcome.body;
  }

  /**
   * Runs a subscription's field resolver for one subscriber at `start`: field auth
   * (`@aws_*`, IAM) and the resolver as AppSync runs it, returning its errors (refuse
   * the subscription when there are any), the mutations that feed it and the
   * `$extensions` effects its handlers requested (subscription filters).
   */
  async runSubscriptionResolver(apiId: string, request: GraphQLRequest, auth: RequestAuth, requestId: string, headers: Record<string, string> = {}): Promise<SubscriptionStart> {
    const endpoint = this.endpoint(apiId);
    const outcome = await endpoint.executor.execute({
      request,
      auth,
      headers,
      requestId,
      log: this.log!.withRequest(requestId),
      allow: ['subscription'],
    });
    const selection = outcome.operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    const fieldName = selection?.kind === Kind.FIELD ? selection.name.value : undefined;
    const responseKey = selection?.kind === Kind.FIELD ? (selection.alias?.value ?? selection.name.value) : undefined;
    return {
      body: outcome.body,
      fieldName,
      mutations: fieldName ? this.subscribedMutations(apiId, fieldName) : [],
      effects: (responseKey && outcome.effects.get(responseKey)) || [],
    };
  }

  /**
   * Renders a mutation's result for one subscriber: the subscription's selection set
   * over the mutation's value, with the subscriber's field auth (fields it may not
   * read come back null, with errors naming them).
   */
  async renderSubscriptionPayload(apiId: string, request: GraphQLRequest, auth: RequestAuth, value: unknown, requestId: string): Promise<GraphQLResponseBody> {
    const outcome = await this.endpoint(apiId).executor.execute({
      request,
      auth,
      headers: {},
      requestId,
      log: this.log!.withRequest(requestId),
      allow: ['subscription'],
      subscriptionPayload: { value },
    });
    return outcome.body;
  }

  /** The mutations a subscription field listens to (`@aws_subscribe(mutations: [...])`). */
  subscribedMutations(apiId: string, subscriptionField: string): string[] {
    const field = this.endpoint(apiId).api.schema.getSubscriptionType()?.getFields()[subscriptionField];
    const directive = field?.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const mutations = directive?.arguments?.find((a) => a.name.value === 'mutations');
    const value = mutations ? valueFromASTUntyped(mutations.value) : [];
    return Array.isArray(value) ? value.map(String) : [];
  }

  private endpoint(apiId: string): GraphQLEndpoint {
    const endpoint = this.endpoints.get(apiId);
    if (!endpoint) throw new Error(`The local AppSync serves no GraphQL API ${apiId}`);
    return endpoint;
  }

  private usesRuntime(name: RuntimeName): boolean {
    return [...this.endpoints.values()].some((e) =>
      [...e.api.resolvers.values()].some((r) => r.code.runtime === name || r.functions.some((f) => f.code.runtime === name)));
  }

  private emit(result: MutationResult): void {
    for (const listener of this.listeners) {
      try {
        listener(result);
      } catch (error) {
        this.log?.error(`a mutation-result listener failed: ${(error as Error).stack ?? error}`);
      }
    }
  }
}
