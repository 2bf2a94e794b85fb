/**
 * Hostile graphql-ws traffic on the real-time endpoint: a burst of 1,000 starts on one
 * connection (the limit is 100, enforced before any start is awaited), a JWT whose issuer is
 * an object (an UnauthorizedException connection_error, not an InternalFailure), and
 * generated frames; the connection answers on the channel, and the endpoint keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalCloud } from '../../local';
import { AppSyncRealtimeService } from '../../local/appsync/realtime';
import { defaultServices } from '../../local/services';
import { startTestCloud } from '../helpers/cloud';
import { Rng, Tally, mutateJson, mutateString, nastyValue } from './fuzz';
import { assertStillServes } from './wire';

const tally = new Tally();
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ services: defaultServices().filter((s) => ['iam', 'dynamodb', 'cognito', 'appsync', 'appsync-realtime'].includes(s.name)) });
});

afterAll(async () => {
  await cloud?.stop();
  tally.print('realtime');
});

const SUBSCRIPTION = 'subscription { onCreateService { id name } }';

interface Client {
  socket: WebSocket;
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  /** Resolves when `count` messages satisfying `predicate` have arrived (or the socket closed). */
  until(predicate: (m: Record<string, unknown>) => boolean, count?: number): Promise<Record<string, unknown>[]>;
}

async function connect(auth: Record<string, string> = { 'x-api-key': cloud.outputs.data!.api_key! }): Promise<Client> {
  const host = new URL(cloud.endpoint).host;
  const header = `header-${Buffer.from(JSON.stringify({ host, ...auth })).toString('base64url')}`;
  const socket = new WebSocket(`${cloud.outputs.data!.url.replace(/^http/, 'ws')}/realtime`, ['graphql-ws', header]);
  const messages: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const listener of listeners) listener();
  });
  socket.on('close', () => {
    for (const listener of listeners) listener();
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    until: (predicate, count = 1) =>
      new Promise((resolve) => {
        const check = () => {
          const found = messages.filter(predicate);
          if (found.length >= count || socket.readyState === WebSocket.CLOSED) {
            listeners.delete(check);
            resolve(found);
          }
        };
        listeners.add(check);
        check();
      }),
  };
}

const start = (id: string, query = SUBSCRIPTION) => ({
  type: 'start',
  id,
  payload: { data: JSON.stringify({ query, variables: {} }), extensions: { authorization: { host: '', 'x-api-key': cloud.outputs.data!.api_key! } } },
});

describe('subscriptions per connection', () => {
  it('1,000 starts in a burst get 100 start_acks and 900 MaxSubscriptionsReachedError; exactly 100 are registered', async () => {
    const client = await connect();
    client.send({ type: 'connection_init' });
    await client.until((m) => m.type === 'connection_ack');
    const realtime = cloud.services.get<AppSyncRealtimeService>('appsync-realtime');
    const before = realtime.stats().subscriptions;
    for (let i = 0; i < 1000; i++) client.send(start(`s${i}`));
    const answers = await client.until((m) => m.type === 'start_ack' || m.type === 'error', 1000);
    const acks = answers.filter((m) => m.type === 'start_ack');
    const refused = answers.filter((m) => m.type === 'error');
    expect(acks).toHaveLength(100);
    expect(refused).toHaveLength(900);
    for (const error of refused) expect((error.payload as { errors: { errorType: string }[] }).errors[0].errorType).toBe('MaxSubscriptionsReachedError');
    expect(realtime.stats().subscriptions - before).toBe(100);
    client.socket.close();
    tally.add('frames', 1000);
  });
});

describe('credentials', () => {
  it('a JWT whose iss is an object is a 401 connection_error, as any bad token', async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const iss of [{ toString: 1, valueOf: 1 }, ['x'], 5, null]) {
      const token = `${part({ alg: 'RS256', kid: 'k' })}.${part({ iss, exp: 9_999_999_999, token_use: 'id' })}.${Buffer.from('sig').toString('base64url')}`;
      const client = await connect({ Authorization: token });
      client.send({ type: 'connection_init' });
      const [answer] = await client.until((m) => m.type === 'connection_error' || m.type === 'connection_ack' || m.type === 'error');
      expect(answer.type, JSON.stringify(iss)).toBe('connection_error');
      expect((answer.payload as { errors: { errorType: string; errorCode: number }[] }).errors[0]).toMatchObject({ errorType: 'UnauthorizedException', errorCode: 401 });
      tally.add('jwt');
    }
  });
});

describe('generated frames', () => {
  it('are answered on the channel (an error or a refusal), never an InternalFailure, and the endpoint keeps serving', async () => {
    const rng = new Rng(0x5eed);
    const client = await connect();
    client.send({ type: 'connection_init' });
    await client.until((m) => m.type === 'connection_ack');
    const valid = [start('v1'), { type: 'stop', id: 'v1' }, { type: 'connection_init' }, start('v2', 'subscription S($f: ModelSubscriptionServiceFilterInput) { onUpdateService(filter: $f) { id } }')];
    let sent = 0;
    for (let i = 0; i < 200; i++) {
      const base = rng.pick(valid);
      const roll = rng.int(4);
      const frame =
        roll === 0 ? mutateString(JSON.stringify(base), rng)
        : roll === 1 ? JSON.stringify(mutateJson(base, rng))
        : roll === 2 ? JSON.stringify({ ...base, id: `f${i}`, payload: { data: mutateString(JSON.stringify({ query: SUBSCRIPTION, variables: { f: nastyValue(rng) } }), rng) } })
        : JSON.stringify({ type: rng.pick(['start', 'stop', 'ka', 'data', 'connection_terminate', 'subscribe']), id: nastyValue(rng), payload: nastyValue(rng) });
      if (client.socket.readyState !== WebSocket.OPEN) break;
      client.send(frame);
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const failures = client.messages.filter((m) => JSON.stringify(m).includes('InternalFailure'));
    expect(failures, JSON.stringify(failures[0])).toHaveLength(0);
    tally.add('frames', sent);
    client.socket.close();
    // A fresh connection still works end to end.
    const fresh = await connect();
    fresh.send({ type: 'connection_init' });
    await fresh.until((m) => m.type === 'connection_ack');
    fresh.send(start('after'));
    expect((await fresh.until((m) => m.id === 'after'))[0].type).toBe('start_ack');
    fresh.socket.close();
    await assertStillServes(cloud.endpoint);
  });

  it('a binary frame, a frame over 256 KB and 10,000-deep JSON are refused on the channel or close only their connection', async () => {
    const client = await connect();
    client.send({ type: 'connection_init' });
    await client.until((m) => m.type === 'connection_ack');
    client.socket.send(Buffer.from([0xff, 0x00, 0xfe]));
    client.send(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    client.send({ ...start('deep'), payload: { data: JSON.stringify({ query: SUBSCRIPTION }).replace('}', `,"variables":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`) } });
    const errors = await client.until((m) => m.type === 'error', 3);
    expect(errors.map((e) => (e.payload as { errors: { errorType: string }[] }).errors[0].errorType)).toEqual(['BadRequestException', 'BadRequestException', 'BadRequestException']);
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.send('x'.repeat(300 * 1024));
    expect(await closed).toBe(1009);
    tally.add('frames', 4);
    await assertStillServes(cloud.endpoint);
  });
});
