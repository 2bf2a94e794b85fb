import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger, Reporter } from '../reporter';
import { AccessPolicy, type AccessPolicyOptions } from './access-policy';
import { EdgeAccessDeniedError, EdgePortInUseError, jsonErrorBody, RequestTooLargeError } from './errors';
import { amzTarget, credentialScopeService } from './route-info';

/** Loopback only: the local cloud is never reachable from another machine. */
export const EDGE_HOST = '127.0.0.1';
export const DEFAULT_EDGE_PORT = 4566;
/** Default cap on buffered request bodies; routes that stream (S3) read the raw request. */
const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

/** A request as routes see it: parsed routing facts plus the raw Node request. */
export class EdgeRequest {
  readonly url: URL;
  readonly target?: { prefix: string; operation: string };
  readonly scopeService?: string;
  /**
   * The `Origin` of a web page outside the allow-list. Only routes that answer CORS
   * themselves (S3) ever see such a request; they must not serve it with the local root.
   */
  foreignOrigin?: string;
  private bodyPromise?: Promise<Buffer>;
  /** Set while an `Expect: 100-continue` request waits for its `100 Continue`. */
  private pendingContinue?: ServerResponse;

  constructor(readonly raw: IncomingMessage, readonly requestId: string, readonly log: Logger, endpoint: string) {
    this.url = parseRequestUrl(raw.url, endpoint);
    this.target = amzTarget(raw.headers);
    this.scopeService = credentialScopeService(raw.headers, this.url.searchParams);
  }

  get method(): string {
    return this.raw.method ?? 'GET';
  }

  get path(): string {
    return this.url.pathname;
  }

  get headers(): IncomingMessage['headers'] {
    return this.raw.headers;
  }

  header(name: string): string | undefined {
    const value = this.raw.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(',') : value;
  }

  /**
   * Whether the client sent `Expect: 100-continue` and has not been told to send its body
   * yet: an answer now is given without reading the body, and the connection then closes
   * (the client may or may not send the body after all; nothing on the socket can be trusted).
   */
  get awaitingContinue(): boolean {
    return this.pendingContinue !== undefined;
  }

  /** @internal The edge defers `100 Continue` for routes that authenticate first. */
  deferContinue(response: ServerResponse): void {
    this.pendingContinue = response;
    response.setHeader('connection', 'close');
  }

  /** Tells a client waiting on `Expect: 100-continue` to send its body (once; a no-op otherwise). */
  continue(): void {
    const response = this.pendingContinue;
    if (!response) return;
    this.pendingContinue = undefined;
    response.removeHeader('connection');
    response.writeContinue();
  }

  /** The whole body, buffered once; throws RequestTooLargeError past `limit` bytes. */
  body(limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
    this.continue();
    this.bodyPromise ??= new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.raw.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          this.raw.removeAllListeners('data');
          this.raw.resume();
          reject(new RequestTooLargeError(limit));
          return;
        }
        chunks.push(chunk);
      });
      this.raw.on('end', () => resolve(Buffer.concat(chunks)));
      this.raw.on('error', reject);
    });
    return this.bodyPromise;
  }
}

/**
 * The request target as a URL. An origin-form target is appended to the endpoint, so that
 * `//x` stays a path (resolved against a base it would name a host, and `//` alone throws);
 * one that parses as nothing reads as `/`, which no route serves.
 */
function parseRequestUrl(target: string | undefined, endpoint: string): URL {
  try {
    return target?.startsWith('/') ? new URL(`${endpoint}${target}`) : new URL(target ?? '/', endpoint);
  } catch {
    return new URL('/', endpoint);
  }
}

export interface EdgeOptions {
  /** Host and Origin allow-lists beside loopback's (see access-policy.ts). */
  access?: AccessPolicyOptions;
}

export interface EdgeRoute {
  /** Shown in logs and in the start-up table. */
  name: string;
  match(request: EdgeRequest): boolean;
  handle(request: EdgeRequest, response: ServerResponse): Promise<void> | void;
  /**
   * `after-authentication`: for `Expect: 100-continue` requests the route sends `100 Continue`
   * itself (`request.continue()`, or by reading `request.body()`) once it has authenticated
   * and authorized the request, so that a refused upload is answered before its body is sent
   * (S3 does this). Default: the edge answers `100 Continue` at once, as Node does.
   */
  expectContinue?: 'edge' | 'after-authentication';
  /**
   * `self`: the route answers CORS itself, to any origin its own rules allow (S3 applies the
   * bucket's rules, as AWS does). Default: the edge does, for allowed origins only.
   */
  cors?: 'edge' | 'self';
}

export interface EdgeUpgradeRoute {
  name: string;
  match(request: EdgeRequest): boolean;
  handle(request: EdgeRequest, socket: Socket, head: Buffer): void;
}

const CORS_EXPOSE = [
  'x-amzn-requestid', 'x-amz-request-id', 'x-amz-id-2', 'x-amzn-errortype', 'x-amzn-errormessage',
  'x-amz-function-error', 'x-amz-log-result', 'etag', 'x-amz-version-id', 'x-amz-meta-*', 'content-length', 'date',
].join(', ');

/**
 * One HTTP + WebSocket server for every local service, routed by path,
 * `X-Amz-Target` and the SigV4 credential scope's service.
 * @example
 * const edge = new EdgeServer(reporter);
 * edge.addRoute({ name: 'health', match: (r) => r.path === '/_flare/health', handle: (_r, res) => res.end('ok') });
 * await edge.listen(4566);
 */
export class EdgeServer {
  private readonly routes: EdgeRoute[] = [];
  private readonly upgradeRoutes: EdgeUpgradeRoute[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly log: Logger;
  private readonly access: AccessPolicy;
  private port = 0;
  /** Set while the cloud is starting: requests wait for it instead of meeting missing routes. */
  private starting: { done: Promise<void>; release: () => void } | undefined;

  constructor(private readonly reporter: Reporter, options: EdgeOptions = {}) {
    this.log = reporter.for('edge');
    this.access = new AccessPolicy(options.access);
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch((error: unknown) => {
        this.log.error(`answering ${req.method} ${req.url} failed: ${(error as Error).stack ?? error}`);
        res.destroy();
      });
    });
    // SDK clients keep connections alive between calls; Node's 5 s default closes them
    // under an idle client, which then fails with ECONNRESET. AWS endpoints keep them longer.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    // Node answers `Expect: 100-continue` itself unless this listener exists: the edge decides
    // per route whether 100 goes out now or after the route has authenticated the request.
    this.server.on('checkContinue', (req, res) => {
      this.dispatch(req, res, true).catch((error: unknown) => {
        this.log.error(`answering ${req.method} ${req.url} failed: ${(error as Error).stack ?? error}`);
        res.destroy();
      });
    });
    this.server.on('upgrade', (req, socket: Socket, head) => this.dispatchUpgrade(req, socket, head));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
  }

  get endpoint(): string {
    return `http://${EDGE_HOST}:${this.port}`;
  }

  addRoute(route: EdgeRoute): void {
    this.routes.push(route);
  }

  addUpgradeRoute(route: EdgeUpgradeRoute): void {
    this.upgradeRoutes.push(route);
  }

  /**
   * Holds requests that arrive before `ready()` (the cloud listens first, to know its endpoint,
   * then starts its services): they are answered once every route is in place, not with a 404.
   */
  holdUntilReady(): void {
    let release = () => undefined as void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.starting = { done, release };
  }

  /** Serves the requests held by `holdUntilReady()` and every one after. */
  ready(): void {
    this.starting?.release();
    this.starting = undefined;
  }

  /** How many routes are registered now; `removeRoutesSince` drops those added after (a reset starts services again). */
  routeCheckpoint(): { routes: number; upgradeRoutes: number } {
    return { routes: this.routes.length, upgradeRoutes: this.upgradeRoutes.length };
  }

  removeRoutesSince(checkpoint: { routes: number; upgradeRoutes: number }): void {
    this.routes.length = Math.min(this.routes.length, checkpoint.routes);
    this.upgradeRoutes.length = Math.min(this.upgradeRoutes.length, checkpoint.upgradeRoutes);
  }

  routeNames(): string[] {
    return [...this.routes.map((r) => r.name), ...this.upgradeRoutes.map((r) => `${r.name} (WebSocket)`)];
  }

  /** Listens on loopback; port 0 picks a free port. */
  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? new EdgePortInUseError(EDGE_HOST, port) : error);
      };
      this.server.once('error', onError);
      this.server.listen(port, EDGE_HOST, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.endpoint;
  }

  async close(): Promise<void> {
    // Held requests are answered (by whatever routes exist) rather than left hanging.
    this.ready();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    // Give in-flight requests a moment, then cut the rest (WebSockets included).
    const timer = setTimeout(() => this.sockets.forEach((socket) => socket.destroy()), 500);
    for (const socket of this.sockets) if (!(socket as Socket & { _httpMessage?: unknown })._httpMessage) socket.destroy();
    await closed;
    clearTimeout(timer);
  }

  private applyCors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (!origin) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD, PATCH, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
      res.setHeader('Access-Control-Max-Age', '86400');
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, expectsContinue = false): Promise<void> {
    if (this.starting) await this.starting.done;
    const requestId = randomUUID();
    const started = performance.now();
    const log = this.log.withRequest(requestId);
    res.setHeader('x-amzn-RequestId', requestId);
    let routeName = 'edge';
    try {
      const request = new EdgeRequest(req, requestId, this.reporter.for('edge', requestId), this.endpoint);
      if (this.reporter.enabled('debug')) {
        res.on('finish', () => {
          log.debug(`${request.method} ${request.path}${request.target ? ` ${request.target.operation}` : ''} → ${res.statusCode} (${(performance.now() - started).toFixed(1)} ms)`);
        });
      }
      const route = this.routes.find((candidate) => candidate.match(request));
      routeName = route?.name ?? routeName;
      // Refused requests are answered before any body is asked for, on every route.
      if (expectsContinue) request.deferContinue(res);
      if (!this.admit(request, route, res)) return;
      if (route?.expectContinue !== 'after-authentication') request.continue();
      if (!route) {
        this.answerUnknown(request, res);
        return;
      }
      await route.handle(request, res);
    } catch (error) {
      // A route that throws is a local-cloud bug: answer 500 in the caller's shape and keep serving.
      log.error(`${routeName} failed on ${req.method} ${req.url}: ${(error as Error).stack ?? error}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(jsonErrorBody('InternalFailure', `The local cloud failed to handle this request (${(error as Error).message})`));
      } else {
        res.destroy();
      }
    }
  }

  /**
   * The Host and Origin checks, and the edge's own CORS answers. Returns false when the
   * request has been answered here (refused, or a preflight).
   */
  private admit(request: EdgeRequest, route: EdgeRoute | undefined, res: ServerResponse): boolean {
    const origin = request.raw.headers.origin;
    const foreign = origin !== undefined && !this.access.allowsOrigin(origin);
    // A route answering its own CORS (S3's bucket rules) still sees a foreign page's request.
    const refused = this.refusal(request.raw) ?? (foreign && route?.cors !== 'self' ? EdgeAccessDeniedError.origin(origin) : undefined);
    if (refused) {
      request.log.debug(`refused ${request.method} ${request.path}: ${refused.message}`);
      res.writeHead(refused.statusCode, { 'content-type': 'application/json', 'x-amzn-ErrorType': refused.type }).end(refused.body());
      return false;
    }
    if (foreign) request.foreignOrigin = origin;
    if (route?.cors === 'self') return true;
    this.applyCors(request.raw, res);
    if (request.method === 'OPTIONS' && origin) {
      res.writeHead(200).end();
      return false;
    }
    return true;
  }

  private answerUnknown(request: EdgeRequest, res: ServerResponse): void {
    if (request.target) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': 'UnknownOperationException' });
      res.end(jsonErrorBody('UnknownOperationException', `The local cloud does not serve ${request.target.prefix}.${request.target.operation}`));
      return;
    }
    const service = request.scopeService ? ` for service '${request.scopeService}'` : '';
    res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'UnknownOperationException' });
    res.end(jsonErrorBody('UnknownOperationException', `No local service answers ${request.method} ${request.path}${service}`));
  }

  /** A Host outside the allow-list is refused on every route: DNS rebinding answers no request. */
  private refusal(req: IncomingMessage): EdgeAccessDeniedError | undefined {
    return this.access.allowsHost(req.headers.host) ? undefined : EdgeAccessDeniedError.host(req.headers.host);
  }

  private dispatchUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    if (this.starting) {
      void this.starting.done.then(() => this.dispatchUpgrade(req, socket, head));
      return;
    }
    const requestId = randomUUID();
    const request = new EdgeRequest(req, requestId, this.reporter.for('edge', requestId), this.endpoint);
    socket.on('error', (error) => request.log.debug(`socket error: ${error.message}`));
    // Browsers send the page's Origin with every WebSocket handshake, and apply no CORS to it.
    const origin = req.headers.origin;
    const refused = this.refusal(req) ?? (origin !== undefined && !this.access.allowsOrigin(origin) ? EdgeAccessDeniedError.origin(origin) : undefined);
    if (refused) {
      request.log.debug(`refused WebSocket ${request.path}: ${refused.message}`);
      const body = refused.body();
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ${refused.type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    const route = this.upgradeRoutes.find((candidate) => candidate.match(request));
    if (!route) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    try {
      route.handle(request, socket, head);
    } catch (error) {
      request.log.error(`${route.name} upgrade failed: ${(error as Error).stack ?? error}`);
      socket.destroy();
    }
  }
}
