/**
 * The real-time endpoint's wire protocol, as AppSync speaks it and aws-amplify v6
 * reads it. These tests are about the wire format, so they use `ws` directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Reporter, type LocalCloud } from '../../../local';
import { appsyncService } from '../../../local/appsync';
import { AppSyncRealtimeService } from '../../../local/appsync/realtime';
import { iamService } from '../../../local/iam';
import { startTestCloud } from '../../helpers/cloud';

let cloud: LocalCloud;
let realtimeUrl: string;
let apiKey: string;
let host: string;

beforeAll(async () => {
  cloud = await startTestCloud({
    reporter: new Reporter({ level: 'silent' }),
    services: [iamService(), appsyncService(), new AppSyncRealtimeService({ keepAliveMs: 200 })],
  });
  const data = cloud.outputs.data!;
  realtimeUrl = `${data.url.replace(/^http/, 'ws')}/realtime`;
  apiKey = data.api_key!;
  host = new URL(data.url).host;
});

afterAll(async () => {
  await cloud?.stop();
});

const encode = (headers: Record<string, string>) => `header-${Buffer.from(JSON.stringify(headers)).toString('base64url')}`;

/** Opens a socket and collects every message it receives. */
async function connect(headers: Record<string, string> | null, protocols: string[] = ['graphql-ws']) {
  const socket = new WebSocket(realtimeUrl, headers ? [...protocols, encode(headers)] : protocols);
  const messages: Record<string, unknown>[] = [];
  const waiters: { predicate: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on('close', (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (type: string, timeoutMs = 3000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = messages.find((m) => m.type === type);
      if (found) {
        messages.splice(messages.indexOf(found), 1);
        resolve(found);
        return;
      }
      const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms (got ${JSON.stringify(messages)})`)), timeoutMs);
      waiters.push({
        predicate: (m) => m.type === type,
        resolve: (m) => {
          clearTimeout(timer);
          messages.splice(messages.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  return { socket, messages, next, closed, send: (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)) };
}

describe('connection', () => {
  it('acknowledges connection_init with connectionTimeoutMs and keeps the connection alive with ka', async () => {
    // Prepare
    const client = await connect({ host, 'x-api-key': apiKey });

    // Act
    client.send({ type: 'connection_init' });
    const ack = await client.next('connection_ack');
    await client.next('ka');
    await client.next('ka');

    // Assess
    expect(ack).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    client.socket.close();
  });

  it('answers a connection with an unknown API key with connection_error 401 UnauthorizedException and closes it', async () => {
    // Prepare
    const client = await connect({ host, 'x-api-key': 'da2-notarealkeyatall0000000000' });

    // Act
    client.send({ type: 'connection_init' });
    const error = await client.next('connection_error');
    const { code } = await client.closed;

    // Assess: errorCode 401 is what makes aws-amplify stop retrying.
    expect(error.payload).toMatchObject({ errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] });
    expect(code).toBe(1000);
  });

  it('refuses a connection with no credentials at all', async () => {
    const client = await connect(null);
    client.send({ type: 'connection_init' });
    const error = await client.next('connection_error');
    expect(error.payload).toMatchObject({ errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] });
  });

  it('accepts the older query-string form of the auth header', async () => {
    // Prepare
    const header = Buffer.from(JSON.stringify({ host, 'x-api-key': apiKey })).toString('base64');
    const socket = new WebSocket(`${realtimeUrl}?header=${encodeURIComponent(header)}&payload=e30=`, ['graphql-ws']);
    const first = new Promise<Record<string, unknown>>((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    await new Promise((resolve) => socket.once('open', resolve));

    // Act
    socket.send(JSON.stringify({ type: 'connection_init' }));

    // Assess
    expect((await first).type).toBe('connection_ack');
    socket.close();
  });
});

describe('bad input', () => {
  it('answers frames that are not JSON, and unknown message types, without closing the connection', async () => {
    // Prepare
    const client = await connect({ host, 'x-api-key': apiKey });
    client.send({ type: 'connection_init' });
    await client.next('connection_ack');

    // Act
    client.send('this is not json');
    const malformed = await client.next('error');
    client.send({ type: 'subscribe', id: 'x' });
    const unknown = await client.next('error');
    await client.next('ka');

    // Assess
    expect(malformed.payload).toMatchObject({ errors: [{ errorType: 'BadRequestException' }] });
    expect(unknown).toMatchObject({ id: 'x', payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'subscribe not supported through the realtime channel' }] } });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  });

  it('refuses start before connection_init, and start without data', async () => {
    // Prepare
    const client = await connect({ host, 'x-api-key': apiKey });

    // Act
    client.send({ type: 'start', id: 'early', payload: { data: '{"query":"subscription { onCreateService { id } }"}', extensions: { authorization: { host, 'x-api-key': apiKey } } } });
    const early = await client.next('error');
    client.send({ type: 'connection_init' });
    await client.next('connection_ack');
    client.send({ type: 'start', id: 'nodata', payload: {} });
    const noData = await client.next('error');

    // Assess
    expect(early).toMatchObject({ id: 'early', payload: { errors: [{ errorType: 'BadRequestException' }] } });
    expect(noData).toMatchObject({ id: 'nodata', payload: { errors: [{ errorType: 'BadRequestException' }] } });
    client.socket.close();
  });

  it('closes only the connection that sends an oversized frame (1009); others keep working', async () => {
    // Prepare
    const big = await connect({ host, 'x-api-key': apiKey });
    const other = await connect({ host, 'x-api-key': apiKey });
    other.send({ type: 'connection_init' });
    await other.next('connection_ack');

    // Act
    big.send('x'.repeat(300 * 1024));
    const { code } = await big.closed;
    await other.next('ka');

    // Assess
    expect(code).toBe(1009);
    expect(other.socket.readyState).toBe(WebSocket.OPEN);
    other.socket.close();
  });

  it('survives abrupt disconnects', async () => {
    // Prepare
    const abrupt = await connect({ host, 'x-api-key': apiKey });
    abrupt.send({ type: 'connection_init' });
    await abrupt.next('connection_ack');

    // Act
    abrupt.socket.terminate();
    const after = await connect({ host, 'x-api-key': apiKey });
    after.send({ type: 'connection_init' });

    // Assess
    expect((await after.next('connection_ack')).type).toBe('connection_ack');
    after.socket.close();
  });
});
