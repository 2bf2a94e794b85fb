import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Kind, parse, valueFromAST, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { WebSocket } from 'ws';
import type { Logger } from '../../reporter';
import type { RequestAuth } from '../auth/identity';
import type { AuthRequest } from '../auth/authenticate';
import type { GraphQLRequest } from '../execution/executor';
import { jsonTooDeep } from '../../edge';
import { AppSyncRequestError } from '../errors';
import type { AppSyncService } from '../service';
import { lowerCaseHeaders, plainHeaders } from './connection-auth';
import { MessageType, REALTIME_LIMITS, RealtimeError, unauthorized, type RealtimeErrorEntry } from './protocol';
import { validateFilter, InvalidFilterError, type FilterGroupSet } from './subscription-filter';

/** One registered subscription of a connection. */
export interface Subscription {
  id: string;
  connection: RealtimeConnection;
  request: GraphQLRequest;
  fieldName: string;
  /** The key the subscriber's data comes back under (alias or field name). */
  responseKey: string;
  mutations: ReadonlySet<string>;
  arguments: Record<string, unknown>;
  filters: FilterGroupSet[];
  auth: RequestAuth;
  /** Groups subscribers that see the same rendering of a payload. */
  renderKey: string;
  /** ISO time of `start_ack`. */
  startedAt: string;
  /** Data messages sent to it. */
  delivered: number;
}

/** A connection as the console lists it. */
export interface RealtimeConnectionView {
  id: string;
  apiId: string;
  openedAt: string;
  sourceIp: string;
  subscriptions: {
    id: string;
    fieldName?: string;
    mutations: string[];
    arguments: Record<string, unknown>;
    filterGroups: number;
    /** The auth mode and who (user name, role ARN…), with their groups. */
    auth: { mode: string; principal?: string; groups: readonly string[] };
    startedAt: string;
    delivered: number;
  }[];
}

export interface ConnectionOptions {
  apiId: string;
  graphqlPath: string;
  appsync: AppSyncService;
  schema: GraphQLSchema;
  headers: IncomingHttpHeaders;
  sourceIp: string;
  log: Logger;
  keepAliveMs: number;
  initTimeoutMs: number;
  onSubscribe(subscription: Subscription): void;
  onUnsubscribe(subscription: Subscription): void;
  onClose(connection: RealtimeConnection): void;
}

/** A message's `type` as errors name it: a client may send any JSON there. */
const typeName = (type: unknown) => (type === undefined ? 'unknown' : typeof type === 'string' ? type : JSON.stringify(type));

function authKey(auth: RequestAuth): string {
  const identity = (auth.identity ?? {}) as Record<string, unknown>;
  return [auth.mode, [...auth.groups].sort().join(','), identity.sub ?? identity.userArn ?? '', identity.username ?? ''].join('|');
}

/**
 * One real-time WebSocket: `connection_init` → `connection_ack` + `ka`, then
 * `start`/`stop` per subscription, each authorized on its own.
 */
export class RealtimeConnection {
  readonly id = randomUUID();
  readonly openedAt = new Date().toISOString();
  readonly subscriptions = new Map<string, Subscription>();
  /**
   * Ids of `start`s being authorized and resolved. They hold their place from the moment they
   * arrive: the limit and the duplicate check cover them, so a burst of starts cannot pass
   * the limit while earlier ones are still awaited.
   */
  private readonly starting = new Set<string>();
  private initialized = false;
  private keepAlive?: NodeJS.Timeout;
  private initTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly socket: WebSocket, private readonly options: ConnectionOptions) {
    socket.on('message', (data, isBinary) => {
      // receive() answers every failure on the channel; a failure of that answer must not end the process.
      this.receive(isBinary ? null : data.toString()).catch((error: unknown) => options.log.error(`real-time message failed: ${(error as Error).stack ?? error}`));
    });
    socket.on('close', () => this.teardown());
    socket.on('error', (error) => options.log.debug(`real-time socket error: ${error.message}`));
    this.initTimer = setTimeout(() => {
      if (!this.initialized) this.fail(MessageType.CONNECTION_ERROR, new RealtimeError('ConnectionTimeoutException', 'No connection_init received in time', 400));
    }, options.initTimeoutMs);
  }

  describe(): RealtimeConnectionView {
    return {
      id: this.id,
      apiId: this.options.apiId,
      openedAt: this.openedAt,
      sourceIp: this.options.sourceIp,
      subscriptions: [...this.subscriptions.values()].map((subscription) => {
        const identity = (subscription.auth.identity ?? {}) as Record<string, unknown>;
        const principal = identity.username ?? identity.userArn ?? identity.sub;
        return {
          id: subscription.id,
          fieldName: subscription.fieldName,
          mutations: [...subscription.mutations],
          arguments: subscription.arguments,
          filterGroups: subscription.filters.length,
          auth: { mode: subscription.auth.mode, ...(typeof principal === 'string' && { principal }), groups: subscription.auth.groups },
          startedAt: subscription.startedAt,
          delivered: subscription.delivered,
        };
      }),
    };
  }

  send(message: Record<string, unknown>): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Sends a pre-serialized message (delivery fans one payload out to many subscribers). */
  sendRaw(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  close(code = 1000, reason = ''): void {
    this.socket.close(code, reason);
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    clearTimeout(this.initTimer);
    for (const subscription of this.subscriptions.values()) this.options.onUnsubscribe(subscription);
    this.subscriptions.clear();
    this.options.onClose(this);
  }

  private fail(type: typeof MessageType.CONNECTION_ERROR, error: RealtimeError): void {
    this.send({ type, payload: { errors: [error.toEntry()] } });
    this.close(1000, error.errorType);
  }

  private sendError(id: string | undefined, errors: RealtimeErrorEntry[] | Record<string, unknown>[]): void {
    this.send(id === undefined ? { type: MessageType.ERROR, payload: { errors } } : { type: MessageType.ERROR, id, payload: { errors } });
  }

  private async receive(text: string | null): Promise<void> {
    let message: { type?: unknown; id?: unknown; payload?: unknown };
    try {
      if (text === null) throw new Error('binary');
      if (jsonTooDeep(text)) throw new Error('too deep');
      message = JSON.parse(text) as typeof message;
      if (!message || typeof message !== 'object' || Array.isArray(message)) throw new Error('not an object');
    } catch {
      this.sendError(undefined, [{ errorType: 'BadRequestException', message: 'Messages must be JSON objects', errorCode: 400 }]);
      return;
    }
    try {
      switch (message.type) {
        case MessageType.CONNECTION_INIT:
          await this.init();
          return;
        case MessageType.START:
          await this.start(message.id, message.payload);
          return;
        case MessageType.STOP:
          this.stop(message.id);
          return;
        default:
          this.sendError(typeof message.id === 'string' ? message.id : undefined, [
            { errorType: 'UnsupportedOperation', message: `${typeName(message.type)} not supported through the realtime channel` },
          ]);
      }
    } catch (error) {
      const id = typeof message.id === 'string' ? message.id : undefined;
      if (error instanceof RealtimeError) this.sendError(id, [error.toEntry()]);
      else {
        this.options.log.error(`real-time ${typeName(message.type)} failed: ${(error as Error).stack ?? error}`);
        this.sendError(id, [{ errorType: 'InternalFailure', message: `The local AppSync failed to handle ${typeName(message.type)}: ${(error as Error).message}` }]);
      }
    }
  }

  private authRequest(headers: IncomingHttpHeaders, rawPath: string, body: string): AuthRequest {
    return { headers, method: 'POST', rawPath, rawQuery: '', body: Buffer.from(body), sourceIp: this.options.sourceIp, requestId: randomUUID() };
  }

  private async authenticate(headers: IncomingHttpHeaders, rawPath: string, body: string): Promise<RequestAuth> {
    try {
      return await this.options.appsync.authenticate(this.options.apiId, this.authRequest(headers, rawPath, body));
    } catch (error) {
      if (error instanceof AppSyncRequestError) throw new RealtimeError(error.errorType, error.message, error.statusCode);
      throw error;
    }
  }

  private async init(): Promise<void> {
    if (this.initialized) return;
    try {
      // The connection itself is signed over `<graphql path>/connect` with an empty JSON body.
      await this.authenticate(this.options.headers, `${this.options.graphqlPath}/connect`, '{}');
    } catch (error) {
      if (error instanceof RealtimeError) {
        this.fail(MessageType.CONNECTION_ERROR, error.errorCode ? error : unauthorized(error.message));
        return;
      }
      throw error;
    }
    this.initialized = true;
    clearTimeout(this.initTimer);
    this.send({ type: MessageType.CONNECTION_ACK, payload: { connectionTimeoutMs: REALTIME_LIMITS.connectionTimeoutMs } });
    this.send({ type: MessageType.KEEP_ALIVE });
    this.keepAlive = setInterval(() => this.send({ type: MessageType.KEEP_ALIVE }), this.options.keepAliveMs);
    this.keepAlive.unref();
  }

  private async start(id: unknown, payload: unknown): Promise<void> {
    if (typeof id !== 'string' || id === '') throw new RealtimeError('BadRequestException', 'A start message needs an id', 400);
    if (!this.initialized) throw new RealtimeError('BadRequestException', 'Send connection_init before start', 400);
    if (this.subscriptions.has(id) || this.starting.has(id)) throw new RealtimeError('DuplicatedOperationError', `Duplicated operation with id ${id}`);
    if (this.subscriptions.size + this.starting.size >= REALTIME_LIMITS.subscriptionsPerConnection) {
      throw new RealtimeError('MaxSubscriptionsReachedError', `Max number of ${REALTIME_LIMITS.subscriptionsPerConnection} subscriptions reached`);
    }
    this.starting.add(id);
    try {
      await this.subscribe(id, payload);
    } finally {
      this.starting.delete(id);
    }
  }

  /** Authorizes a start, runs its subscription resolver and registers it (its id already holds its place). */
  private async subscribe(id: string, payload: unknown): Promise<void> {
    const { data, extensions } = (payload ?? {}) as { data?: unknown; extensions?: { authorization?: unknown } };
    if (typeof data !== 'string') throw new RealtimeError('BadRequestException', 'A start payload needs data: the JSON of { query, variables }', 400);
    let request: GraphQLRequest;
    try {
      if (jsonTooDeep(data)) throw new Error('too deep');
      request = JSON.parse(data) as GraphQLRequest;
      if (typeof request.query !== 'string') throw new Error('no query');
    } catch {
      throw new RealtimeError('BadRequestException', 'The start payload data is not the JSON of { query, variables }', 400);
    }
    const headers = lowerCaseHeaders(extensions?.authorization);
    // Each subscription is signed over the GraphQL path with its data as the body.
    const auth = await this.authenticate(headers, this.options.graphqlPath, data);
    let started;
    try {
      started = await this.options.appsync.runSubscriptionResolver(this.options.apiId, request, auth, randomUUID(), plainHeaders(headers));
    } catch (error) {
      // A refusal of the whole request (an IAM policy denying the subscription field) refuses the subscription.
      if (error instanceof AppSyncRequestError) throw new RealtimeError(error.errorType, error.message, error.statusCode);
      throw error;
    }
    if (started.body.errors?.length || !started.fieldName) {
      this.sendError(id, started.body.errors ?? [{ errorType: 'BadRequestException', message: 'The start payload holds no subscription' }]);
      return;
    }
    const filters = started.effects.flatMap((effect) => (effect.subscriptionFilters ?? []) as FilterGroupSet[]);
    try {
      filters.forEach(validateFilter);
    } catch (error) {
      if (error instanceof InvalidFilterError) throw new RealtimeError('BadRequestException', error.message, 400);
      throw error;
    }
    const { responseKey, args } = this.subscriptionField(request);
    const subscription: Subscription = {
      id,
      connection: this,
      request,
      fieldName: started.fieldName,
      responseKey,
      mutations: new Set(started.mutations),
      arguments: args,
      filters,
      auth,
      renderKey: `${request.query}\0${authKey(auth)}`,
      startedAt: new Date().toISOString(),
      delivered: 0,
    };
    // The socket may have closed while the start was awaited: register nothing then.
    if (this.closed) return;
    this.subscriptions.set(id, subscription);
    this.options.onSubscribe(subscription);
    this.send({ type: MessageType.START_ACK, id });
  }

  private stop(id: unknown): void {
    if (typeof id !== 'string') throw new RealtimeError('BadRequestException', 'A stop message needs an id', 400);
    const subscription = this.subscriptions.get(id);
    if (subscription) {
      this.subscriptions.delete(id);
      this.options.onUnsubscribe(subscription);
    }
    this.send({ type: MessageType.COMPLETE, id });
  }

  /** The subscription field's response key and arguments (variables resolved). */
  private subscriptionField(request: GraphQLRequest): { responseKey: string; args: Record<string, unknown> } {
    const document: DocumentNode = parse(request.query);
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!request.operationName || d.name?.value === request.operationName),
    );
    const field = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    if (!field || field.kind !== Kind.FIELD) return { responseKey: '', args: {} };
    const definition = this.options.schema.getSubscriptionType()?.getFields()[field.name.value];
    const args: Record<string, unknown> = {};
    for (const argument of field.arguments ?? []) {
      const type = definition?.args.find((a) => a.name === argument.name.value)?.type;
      args[argument.name.value] = type ? valueFromAST(argument.value, type, request.variables ?? {}) : undefined;
    }
    return { responseKey: field.alias?.value ?? field.name.value, args };
  }
}
