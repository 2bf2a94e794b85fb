import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { Logger } from '../../reporter';
import type { LocalService, ServiceContext } from '../../service';
import type { MutationResult } from '../execution/executor';
import type { AppSyncService } from '../service';
import { connectionHeaders } from './connection-auth';
import { RealtimeConnection, type RealtimeConnectionView, type Subscription } from './connection';
import { MessageType, REALTIME_LIMITS, RealtimeError, SUBPROTOCOL } from './protocol';
import { matchesArguments, matchesFilters } from './subscription-filter';

export interface RealtimeOptions {
  /** How often `ka` is sent (AppSync: about once a minute). */
  keepAliveMs?: number;
  /** How long a new connection may wait before `connection_init`. */
  initTimeoutMs?: number;
}

/** Largest client frame accepted; bigger ones close that connection only (code 1009). */
const MAX_CLIENT_FRAME = 256 * 1024;

/**
 * AppSync real-time for every API the local AppSync serves: the `graphql-ws`
 * WebSocket at `<graphql path>/realtime`, subscriptions started through the
 * subscription field's generated resolver, and delivery of mutation results
 * to subscribers whose filters match, rendered with each subscriber's field auth.
 * @example
 * services: [..., appsync, new AppSyncRealtimeService()]
 */
export class AppSyncRealtimeService implements LocalService {
  readonly name = 'appsync-realtime';
  readonly resourceTypes = [] as const;
  private readonly connections = new Set<RealtimeConnection>();
  /** Subscriptions by API and mutation field name: delivery looks up only those concerned. */
  private readonly byMutation = new Map<string, Set<Subscription>>();
  private server?: WebSocketServer;
  private unsubscribe?: () => void;
  private log?: Logger;
  private delivered = 0;

  constructor(private readonly options: RealtimeOptions = {}) {}

  async start(context: ServiceContext): Promise<void> {
    const appsync = context.services.find<AppSyncService>('appsync');
    if (!appsync || appsync.apis().length === 0) return;
    this.log = context.log;
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_CLIENT_FRAME,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    const byPath = new Map(appsync.apis().map((api) => [`${api.path}/realtime`, api]));
    context.edge.addUpgradeRoute({
      name: 'appsync real-time',
      match: (request) => byPath.has(request.path),
      handle: (request, socket, head) => {
        const api = byPath.get(request.path)!;
        const protocols = String(request.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
        this.server!.handleUpgrade(request.raw, socket, head, (ws) => {
          let headers;
          try {
            headers = connectionHeaders(protocols, request.url.searchParams);
          } catch (error) {
            const entry = (error as RealtimeError).toEntry();
            ws.send(JSON.stringify({ type: MessageType.CONNECTION_ERROR, payload: { errors: [entry] } }));
            ws.close(1000, entry.errorType);
            return;
          }
          const connection = new RealtimeConnection(ws, {
            apiId: api.apiId,
            graphqlPath: api.path,
            appsync,
            schema: appsync.schemaOf(api.apiId),
            headers,
            sourceIp: socket.remoteAddress ?? '127.0.0.1',
            log: context.log.withRequest(randomUUID()),
            keepAliveMs: this.options.keepAliveMs ?? 60_000,
            initTimeoutMs: this.options.initTimeoutMs ?? 30_000,
            onSubscribe: (subscription) => this.index(api.apiId, subscription),
            onUnsubscribe: (subscription) => this.unindex(api.apiId, subscription),
            onClose: (closed) => this.connections.delete(closed),
          });
          this.connections.add(connection);
        });
      },
    });
    this.unsubscribe = appsync.onMutationResult((result) => void this.deliver(appsync, result));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const connection of this.connections) connection.close(1001, 'Local cloud stopping');
    this.connections.clear();
    this.byMutation.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  summary(): string {
    if (!this.server) return 'no GraphQL APIs';
    const subscriptions = [...this.connections].reduce((n, c) => n + c.subscriptions.size, 0);
    return `${this.connections.size} connections, ${subscriptions} subscriptions, ${this.delivered} messages delivered`;
  }

  /** Open connections and subscriptions (tests, the start-up table). */
  stats(): { connections: number; subscriptions: number; delivered: number } {
    return {
      connections: this.connections.size,
      subscriptions: [...this.connections].reduce((n, c) => n + c.subscriptions.size, 0),
      delivered: this.delivered,
    };
  }

  /** Each open connection and its subscriptions, with what each was sent (the console's Live page). */
  describe(): RealtimeConnectionView[] {
    return [...this.connections].map((connection) => connection.describe());
  }

  private index(apiId: string, subscription: Subscription): void {
    for (const mutation of subscription.mutations) {
      const key = `${apiId}.${mutation}`;
      let set = this.byMutation.get(key);
      if (!set) this.byMutation.set(key, (set = new Set()));
      set.add(subscription);
    }
  }

  private unindex(apiId: string, subscription: Subscription): void {
    for (const mutation of subscription.mutations) this.byMutation.get(`${apiId}.${mutation}`)?.delete(subscription);
  }

  /** Sends a mutation's result to every subscriber it concerns. */
  private async deliver(appsync: AppSyncService, result: MutationResult): Promise<void> {
    const subscribers = this.byMutation.get(`${result.apiId}.${result.fieldName}`);
    if (!subscribers || subscribers.size === 0) return;
    const payload = result.data;
    const fields = new Set(payload && typeof payload === 'object' ? Object.keys(payload) : []);
    // Subscribers with the same query and the same identity see the same rendering.
    const rendered = new Map<string, Promise<{ text: string; bytes: number }>>();
    for (const subscription of [...subscribers]) {
      if (!matchesFilters(payload, subscription.filters) || !matchesArguments(payload, subscription.arguments, fields)) continue;
      let body = rendered.get(subscription.renderKey);
      if (!body) {
        body = appsync
          .renderSubscriptionPayload(result.apiId, subscription.request, subscription.auth, payload, randomUUID())
          .then((rendering) => {
            const text = JSON.stringify(rendering);
            return { text, bytes: Buffer.byteLength(text) };
          });
        rendered.set(subscription.renderKey, body);
      }
      try {
        const { text, bytes } = await body;
        if (bytes > REALTIME_LIMITS.payloadBytes) {
          subscription.connection.send({
            type: MessageType.ERROR,
            id: subscription.id,
            payload: { errors: [{ errorType: 'PayloadTooLargeException', message: `Subscription message of ${bytes} bytes exceeds the ${REALTIME_LIMITS.payloadBytes}-byte limit` }] },
          });
          continue;
        }
        subscription.connection.sendRaw(`{"id":${JSON.stringify(subscription.id)},"type":"data","payload":${text}}`);
        subscription.delivered++;
        this.delivered++;
      } catch (error) {
        this.log?.error(`delivering ${result.fieldName} to subscription ${subscription.id} failed: ${(error as Error).stack ?? error}`);
      }
    }
  }
}
