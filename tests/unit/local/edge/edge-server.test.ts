/**
 * The edge: one loopback HTTP + WebSocket server routing by path, `X-Amz-Target`
 * and the SigV4 credential scope's service; AWS-shaped answers for what nobody
 * serves; request ids; CORS; a failing route; ports; shutdown.
 */
import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { EDGE_HOST, EdgePortInUseError, EdgeServer, type EdgeRequest } from '../../../../local/edge';
import { recordingReporter, send } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIGNED = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

const servers: EdgeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startEdge(setup: (edge: EdgeServer) => void = () => {}) {
  const { reporter, records } = recordingReporter();
  const edge = new EdgeServer(reporter);
  setup(edge);
  servers.push(edge);
  const endpoint = await edge.listen(0);
  return { edge, endpoint, records };
}

/** A route answering its own name, so a test sees which route took a request. */
const named = (name: string, match: (request: EdgeRequest) => boolean, cors?: 'self') => ({
  name,
  match,
  cors,
  handle: (_request: EdgeRequest, response: import('node:http').ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(name);
  },
});

describe('routing', () => {
  const routes = (edge: EdgeServer) => {
    edge.addRoute(named('graphql', (r) => r.path === '/graphql'));
    edge.addRoute(named('cognito', (r) => r.target?.prefix === 'AWSCognitoIdentityProviderService'));
    edge.addRoute(named('s3', (r) => r.scopeService === 's3'));
  };

  it('routes by path', async () => {
    const { endpoint } = await startEdge(routes);
    expect((await send(endpoint, { method: 'POST', path: '/graphql?x=1', body: '{}' })).text).toBe('graphql');
  });

  it('routes by the X-Amz-Target prefix', async () => {
    const { endpoint } = await startEdge(routes);
    const answer = await send(endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' }, body: '{}' });
    expect(answer.text).toBe('cognito');
  });

  it('routes by the credential scope\'s service, in the Authorization header or a presigned X-Amz-Credential', async () => {
    const { endpoint } = await startEdge(routes);
    expect((await send(endpoint, { path: '/bucket/key', headers: { authorization: SIGNED('s3') } })).text).toBe('s3');
    const presigned = `/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('test/20260101/us-east-1/s3/aws4_request')}&X-Amz-Signature=abc`;
    expect((await send(endpoint, { path: presigned })).text).toBe('s3');
  });

  it('the first matching route wins, in the order routes were added', async () => {
    const { endpoint } = await startEdge((edge) => {
      edge.addRoute(named('first', (r) => r.path.startsWith('/a')));
      edge.addRoute(named('second', (r) => r.path === '/a/b'));
    });
    expect((await send(endpoint, { path: '/a/b' })).text).toBe('first');
  });

  it('an unknown X-Amz-Target is 400 UnknownOperationException with x-amzn-ErrorType', async () => {
    const { endpoint } = await startEdge(routes);
    const answer = await send(endpoint, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(answer.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(answer.json()).toEqual({ __type: 'UnknownOperationException', message: 'The local cloud does not serve AmazonSQS.SendMessage' });
  });

  it('an unknown path is a JSON 404 naming the method, path and signed service', async () => {
    const { endpoint } = await startEdge(routes);
    const plain = await send(endpoint, { path: '/nothing/here' });
    expect(plain.status).toBe(404);
    expect(plain.headers['content-type']).toBe('application/json');
    expect(plain.json()).toEqual({ __type: 'UnknownOperationException', message: 'No local service answers GET /nothing/here' });
    const signed = await send(endpoint, { method: 'POST', path: '/', headers: { authorization: SIGNED('sns') } });
    expect(signed.status).toBe(404);
    expect(signed.json().message).toBe("No local service answers POST / for service 'sns'");
  });

  it('lists its routes, WebSocket routes marked', async () => {
    const { edge } = await startEdge((e) => {
      routes(e);
      e.addUpgradeRoute({ name: 'realtime', match: () => true, handle: (_r, socket) => socket.destroy() });
    });
    expect(edge.routeNames()).toEqual(['graphql', 'cognito', 's3', 'realtime (WebSocket)']);
  });
});

describe('request ids', () => {
  it('every response carries a fresh x-amzn-RequestId, and the request\'s log lines carry the same id', async () => {
    const { endpoint, records } = await startEdge((edge) => {
      edge.addRoute(named('ok', (r) => r.path === '/ok'));
      edge.addRoute({ name: 'boom', match: (r) => r.path === '/boom', handle: () => { throw new Error('boom'); } });
    });
    const answers = await Promise.all([
      send(endpoint, { path: '/ok' }),
      send(endpoint, { path: '/missing' }),
      send(endpoint, { method: 'POST', headers: { 'x-amz-target': 'Nope.Op' } }),
      send(endpoint, { path: '/boom' }),
      send(endpoint, { method: 'OPTIONS', path: '/ok', headers: { origin: 'http://localhost:5173' } }),
    ]);
    const ids = answers.map((answer) => answer.headers['x-amzn-requestid'] as string);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    // The access log line of each request is tagged with its id.
    await new Promise((resolve) => setImmediate(resolve));
    for (const id of ids) {
      const lines = records.filter((record) => record.requestId === id);
      expect(lines.length, id).toBeGreaterThan(0);
      expect(lines.every((line) => line.service === 'edge')).toBe(true);
    }
    const failure = records.find((record) => record.level === 'error');
    expect(failure?.requestId).toBe(ids[3]);
    expect(failure?.message).toMatch(/^boom failed on GET \/boom: Error: boom/);
  });
});

describe('CORS', () => {
  const ORIGIN = 'http://localhost:5173';

  it('the edge answers a preflight, echoing the origin and the requested headers', async () => {
    let handled = 0;
    const { endpoint } = await startEdge((edge) => edge.addRoute({ name: 'graphql', match: (r) => r.path === '/graphql', handle: (_r, res) => { handled++; res.end(); } }));
    const answer = await send(endpoint, {
      method: 'OPTIONS',
      path: '/graphql',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type,x-amz-user-agent' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(answer.headers['access-control-allow-headers']).toBe('x-api-key,content-type,x-amz-user-agent');
    expect(answer.headers['access-control-allow-methods']).toContain('POST');
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(answer.headers.vary).toBe('Origin');
    expect(handled).toBe(0);
  });

  it('a CORS request gets Allow-Origin and the AWS headers exposed; one without Origin gets no CORS headers', async () => {
    const { endpoint } = await startEdge((edge) => edge.addRoute(named('graphql', (r) => r.path === '/graphql')));
    const cors = await send(endpoint, { method: 'POST', path: '/graphql', headers: { origin: ORIGIN } });
    expect(cors.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(cors.headers['access-control-expose-headers'])).toContain('x-amzn-requestid');
    const plain = await send(endpoint, { method: 'POST', path: '/graphql' });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a route that says cors: self answers its own preflight and the edge adds nothing', async () => {
    const { endpoint } = await startEdge((edge) =>
      edge.addRoute({
        name: 's3',
        cors: 'self',
        match: (r) => r.path.startsWith('/bucket'),
        handle: (_r, res) => {
          res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>CORSForbidden</Code></Error>');
        },
      }),
    );
    const answer = await send(endpoint, { method: 'OPTIONS', path: '/bucket/key', headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' } });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('CORSForbidden');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('starting', () => {
  it('holds requests that arrive before ready() and serves them with the routes added meanwhile, instead of a 404', async () => {
    // Prepare: listening, held, no routes yet (as startLocalCloud starts services after listen)
    const { edge, endpoint } = await startEdge((e) => e.holdUntilReady());

    // Act
    const early = send(endpoint, { path: '/graphql' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    edge.addRoute(named('graphql', (r) => r.path === '/graphql'));
    edge.ready();

    // Assess
    const response = await early;
    expect(response.status).toBe(200);
    expect(response.text).toBe('graphql');
  });

  it('held WebSocket upgrades are routed once ready', async () => {
    const wss = new WebSocketServer({ noServer: true });
    const { edge, endpoint } = await startEdge((e) => e.holdUntilReady());
    const ws = new WebSocket(`${endpoint.replace('http', 'ws')}/ws`);
    edge.addUpgradeRoute({ name: 'ws', match: (r) => r.path === '/ws', handle: (request, socket, head) => wss.handleUpgrade(request.raw, socket, head, () => undefined) });
    edge.ready();
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.close();
    wss.close();
  });
});

describe('a route that fails', () => {
  it('is answered 500 InternalFailure, and the server keeps serving', async () => {
    const { endpoint } = await startEdge((edge) => {
      edge.addRoute({ name: 'sync', match: (r) => r.path === '/sync', handle: () => { throw new TypeError('x is undefined'); } });
      edge.addRoute({ name: 'async', match: (r) => r.path === '/async', handle: async () => { await Promise.resolve(); throw new Error('rejected'); } });
      edge.addRoute(named('ok', (r) => r.path === '/ok'));
    });
    for (const [path, message] of [['/sync', 'x is undefined'], ['/async', 'rejected']]) {
      const answer = await send(endpoint, { path });
      expect(answer.status).toBe(500);
      expect(answer.json()).toEqual({ __type: 'InternalFailure', message: `The local cloud failed to handle this request (${message})` });
    }
    expect((await send(endpoint, { path: '/ok' })).text).toBe('ok');
  });

  it('that had already started its answer has its connection cut, and the server keeps serving', async () => {
    const { endpoint } = await startEdge((edge) => {
      edge.addRoute({ name: 'half', match: (r) => r.path === '/half', handle: async (_r, res) => { res.writeHead(200); res.write('par'); throw new Error('mid-answer'); } });
      edge.addRoute(named('ok', (r) => r.path === '/ok'));
    });
    await expect(send(endpoint, { path: '/half' })).rejects.toThrow();
    expect((await send(endpoint, { path: '/ok' })).text).toBe('ok');
  });
});

describe('ports and interfaces', () => {
  it('a port in use is an EdgePortInUseError naming the --port flag', async () => {
    const { endpoint } = await startEdge();
    const port = Number(new URL(endpoint).port);
    const second = new EdgeServer(recordingReporter().reporter);
    const error = await second.listen(port).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EdgePortInUseError);
    expect((error as EdgePortInUseError).message).toBe(`Port ${port} on 127.0.0.1 is already in use`);
    expect((error as EdgePortInUseError).resolution).toContain('--port');
    expect((error as EdgePortInUseError).port).toBe(port);
  });

  it('binds 127.0.0.1 only: the endpoint is loopback and no other interface answers', async () => {
    const { endpoint } = await startEdge((edge) => edge.addRoute(named('ok', () => true)));
    const { hostname, port } = new URL(endpoint);
    expect(hostname).toBe(EDGE_HOST);
    expect(EDGE_HOST).toBe('127.0.0.1');
    expect((await send(endpoint)).text).toBe('ok');
    const others = Object.values(networkInterfaces()).flat().filter((address) => address && !address.internal).map((address) => address!.address);
    for (const host of [...others, '::1']) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host, port: Number(port) });
        socket.once('connect', () => { socket.destroy(); resolve(true); });
        socket.once('error', () => resolve(false));
      });
      expect(reached, host).toBe(false);
    }
  });
});

describe('upgrades', () => {
  function echoRoute(wss: WebSocketServer) {
    return {
      name: 'echo',
      match: (r: EdgeRequest) => r.path === '/ws',
      handle: (request: EdgeRequest, socket: Socket, head: Buffer) =>
        wss.handleUpgrade(request.raw, socket, head, (ws) => ws.on('message', (data) => ws.send(String(data)))),
    };
  }

  it('routes a WebSocket upgrade by path', async () => {
    const wss = new WebSocketServer({ noServer: true });
    const { endpoint } = await startEdge((edge) => edge.addUpgradeRoute(echoRoute(wss)));
    const ws = new WebSocket(`${endpoint.replace('http', 'ws')}/ws`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.send('ping');
    const [reply] = await new Promise<[Buffer]>((resolve) => ws.once('message', (...args) => resolve(args as unknown as [Buffer])));
    expect(String(reply)).toBe('ping');
    ws.close();
    wss.close();
  });

  it('an upgrade to an unknown path is refused with 404', async () => {
    const { endpoint } = await startEdge((edge) => edge.addRoute(named('http', () => true)));
    const ws = new WebSocket(`${endpoint.replace('http', 'ws')}/nowhere`);
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened')));
    });
    expect(status).toBe(404);
  });
});

describe('Host and Origin allow-lists', () => {
  const FOREIGN = 'https://evil.example';

  async function refusedUpgrade(endpoint: string, options: { headers?: Record<string, string>; origin?: string }) {
    const ws = new WebSocket(`${endpoint.replace('http', 'ws')}/ws`, { headers: options.headers, origin: options.origin });
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('open', () => reject(new Error('opened')));
    });
  }

  it('a Host outside the allow-list is 403 HostNotAllowed naming --allow-host, before any route runs', async () => {
    let handled = 0;
    const { endpoint } = await startEdge((edge) => edge.addRoute({ name: 'any', match: () => true, handle: (_r, res) => { handled++; res.end(); } }));
    const answer = await send(endpoint, { path: '/graphql', headers: { host: 'rebound.evil.example:4566' } });
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('HostNotAllowed');
    expect(answer.json().message).toContain('--allow-host rebound.evil.example');
    expect(handled).toBe(0);
    expect((await send(endpoint, { path: '/graphql', headers: { host: 'localhost' } })).status).toBe(200);
  });

  it('a name added with allowHosts is answered', async () => {
    const { reporter } = recordingReporter();
    const edge = new EdgeServer(reporter, { access: { allowHosts: ['devbox.test'] } });
    edge.addRoute(named('ok', () => true));
    servers.push(edge);
    const endpoint = await edge.listen(0);
    expect((await send(endpoint, { headers: { host: 'devbox.test:4566' } })).text).toBe('ok');
  });

  it('a foreign page gets no CORS grant: its preflight and its request are refused 403, without Allow-* headers', async () => {
    let handled = 0;
    const { endpoint } = await startEdge((edge) => edge.addRoute({ name: 'graphql', match: () => true, handle: (_r, res) => { handled++; res.end(); } }));
    const preflight = await send(endpoint, { method: 'OPTIONS', path: '/graphql', headers: { origin: FOREIGN, 'access-control-request-method': 'POST' } });
    const request = await send(endpoint, { method: 'POST', path: '/graphql', headers: { origin: FOREIGN }, body: '{}' });
    for (const answer of [preflight, request]) {
      expect(answer.status).toBe(403);
      expect(answer.headers['x-amzn-errortype']).toBe('OriginNotAllowed');
      expect(answer.json().message).toContain(`--allow-origin ${FOREIGN}`);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect(handled).toBe(0);
  });

  it('a route answering its own CORS (S3) sees the foreign page\'s request, marked foreign', async () => {
    const seen: (string | undefined)[] = [];
    const { endpoint } = await startEdge((edge) => edge.addRoute({ name: 's3', cors: 'self', match: () => true, handle: (r, res) => { seen.push(r.foreignOrigin); res.end(); } }));
    await send(endpoint, { path: '/bucket/key', headers: { origin: FOREIGN } });
    await send(endpoint, { path: '/bucket/key', headers: { origin: 'http://localhost:5173' } });
    expect(seen).toEqual([FOREIGN, undefined]);
  });

  it('WebSocket upgrades with a foreign Host or Origin are refused 403; a loopback Origin is let through', async () => {
    const wss = new WebSocketServer({ noServer: true });
    const { endpoint } = await startEdge((edge) => edge.addUpgradeRoute({
      name: 'echo',
      match: (r: EdgeRequest) => r.path === '/ws',
      handle: (request: EdgeRequest, socket: Socket, head: Buffer) => wss.handleUpgrade(request.raw, socket, head, (ws) => ws.close()),
    }));
    const byHost = await refusedUpgrade(endpoint, { headers: { host: 'rebound.evil.example' } });
    expect(byHost.status).toBe(403);
    expect(JSON.parse(byHost.body).__type).toBe('HostNotAllowed');
    const byOrigin = await refusedUpgrade(endpoint, { origin: FOREIGN });
    expect(byOrigin.status).toBe(403);
    expect(JSON.parse(byOrigin.body).__type).toBe('OriginNotAllowed');
    const ws = new WebSocket(`${endpoint.replace('http', 'ws')}/ws`, { origin: 'http://127.0.0.1:5173' });
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.close();
    wss.close();
  });
});

describe('request targets', () => {
  it('a target that is no valid path (GET //) is a 404, not a crash; //x stays a path', async () => {
    const { endpoint } = await startEdge((edge) => edge.addRoute(named('root', (r) => r.path === '//x')));
    const raw = (target: string) => new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(endpoint).port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    expect(await raw('//')).toMatch(/^HTTP\/1\.1 404/);
    expect(await raw('//x')).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\nroot\r\n/);
  });
});

describe('close()', () => {
  it('ends idle keep-alive connections and open WebSockets, and stops listening', async () => {
    const wss = new WebSocketServer({ noServer: true });
    const { edge, endpoint } = await startEdge((e) => {
      e.addRoute(named('ok', (r) => r.path === '/ok'));
      e.addUpgradeRoute({
        name: 'echo',
        match: (r) => r.path === '/ws',
        handle: (request, socket, head) => wss.handleUpgrade(request.raw, socket, head, () => {}),
      });
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await send(endpoint, { path: '/ok', agent });
    expect(answer.headers.connection).toBe('keep-alive');
    const idleSockets = Object.values(agent.freeSockets).flat();
    expect(idleSockets).toHaveLength(1);
    const keepAliveClosed = new Promise((resolve) => idleSockets[0]!.once('close', resolve));

    const ws = new WebSocket(`${endpoint.replace('http', 'ws')}/ws`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const wsClosed = new Promise((resolve) => ws.once('close', resolve));

    await edge.close();
    servers.splice(servers.indexOf(edge), 1);
    await Promise.all([keepAliveClosed, wsClosed]);
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    await expect(send(endpoint, { path: '/ok' })).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
    wss.close();
  });

  it('lets a request in flight finish', async () => {
    const { edge, endpoint } = await startEdge((e) =>
      e.addRoute({ name: 'slow', match: () => true, handle: async (_r, res) => { await new Promise((resolve) => setTimeout(resolve, 100)); res.end('done'); } }),
    );
    const inFlight = send(endpoint, { path: '/slow' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await edge.close();
    servers.splice(servers.indexOf(edge), 1);
    expect((await inFlight).text).toBe('done');
  });
});
