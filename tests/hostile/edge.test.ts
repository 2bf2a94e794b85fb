/**
 * Hostile input at the edge: pages of other sites (a foreign Origin) and DNS rebinding (a
 * foreign Host), on HTTP and WebSocket, through to the account takeover the red team ran
 * (ForgotPassword → read the code from the outbox → ConfirmForgotPassword), which must fail
 * at its first step. Loopback pages (the Vite app on any port, tests) keep working.
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalCloud } from '../../local';
import type { LocalCognitoService } from '../../local/cognito';
import { defaultServices } from '../../local/services';
import { clientConfig, startTestCloud } from '../helpers/cloud';
import { Rng, Tally, mutateString } from './fuzz';
import { assertStillServes, expectTyped, send, sendRaw, signed, type WireRequest } from './wire';

const EVIL = 'https://evil.example';
const VICTIM = 'victim@flare.test';
const tally = new Tally();

let cloud: LocalCloud;
let clientId: string;

beforeAll(async () => {
  cloud = await startTestCloud({ services: defaultServices().filter((s) => ['iam', 'dynamodb', 's3', 'cognito', 'appsync', 'appsync-realtime'].includes(s.name)) });
  clientId = cloud.outputs.auth!.user_pool_client_id;
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const UserPoolId = cloud.outputs.auth!.user_pool_id;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: VICTIM, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: VICTIM }, { Name: 'email_verified', Value: 'true' }] }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: VICTIM, Password: 'Victim-passw0rd!', Permanent: true }));
});

afterAll(async () => {
  await cloud?.stop();
  tally.print('edge');
});

const cognitoCall = (operation: string, body: unknown, origin?: string) =>
  send(cloud.endpoint, {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });

const resetMessages = () => (cloud.services.get<LocalCognitoService>('cognito').outbox() ?? []).filter((m) => m.kind === 'ForgotPassword' && m.to === VICTIM);

describe('the account takeover from https://evil.example', () => {
  it('fails at its first step: the preflight and the ForgotPassword itself are refused, no code is sent, the outbox is not readable', async () => {
    // Step 1, as a browser does it: the preflight for a JSON POST with X-Amz-Target.
    const preflight = await send(cloud.endpoint, { method: 'OPTIONS', path: '/', headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    // Even sent without asking (a page cannot, but a proxy could), the request is not run.
    const forgot = await cognitoCall('ForgotPassword', { ClientId: clientId, Username: VICTIM }, EVIL);
    expect(forgot.status).toBe(403);
    expect(forgot.json()).toMatchObject({ __type: 'OriginNotAllowed' });
    expect(resetMessages()).toHaveLength(0);
    // Step 2: the outbox, where codes are kept, with a code in it (sent by the legitimate user).
    expect((await cognitoCall('ForgotPassword', { ClientId: clientId, Username: VICTIM })).status).toBe(200);
    const code = resetMessages()[0].code;
    const outbox = await send(cloud.endpoint, { path: '/_flare/cognito/outbox', headers: { origin: EVIL } });
    expect(outbox.status).toBe(403);
    expect(outbox.text).not.toContain(code);
    expect(outbox.headers['access-control-allow-origin']).toBeUndefined();
    expect(outbox.headers['access-control-allow-credentials']).toBeUndefined();
    // Step 3: the new password.
    const confirm = await cognitoCall('ConfirmForgotPassword', { ClientId: clientId, Username: VICTIM, ConfirmationCode: code, Password: 'Attacker-passw0rd!' }, EVIL);
    expect(confirm.status).toBe(403);
    // The code was never used: the user can still use it (and the attacker's password was never set).
    expect((await cognitoCall('ConfirmForgotPassword', { ClientId: clientId, Username: VICTIM, ConfirmationCode: code, Password: 'Victim-passw0rd-2!' })).status).toBeLessThan(500);
    tally.add('origin', 4);
    await assertStillServes(cloud.endpoint);
  });
});

describe('foreign origins', () => {
  it('get no CORS grant from any service of the edge: preflight 403, request 403, no Allow-* headers', async () => {
    const requests: WireRequest[] = [
      { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': cloud.outputs.data!.api_key! }, body: '{"query":"{ listServices { items { id } } }"}' },
      { path: '/', method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' },
      { path: `/${cloud.outputs.auth!.user_pool_id}/.well-known/jwks.json`, method: 'GET', headers: {} },
    ];
    for (const origin of [EVIL, 'null', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example:5173', 'file://']) {
      for (const request of requests) {
        const preflight = await send(cloud.endpoint, { method: 'OPTIONS', path: request.path, headers: { origin, 'access-control-request-method': request.method! } });
        const actual = await send(cloud.endpoint, { ...request, headers: { ...request.headers, origin } });
        for (const answer of [preflight, actual]) {
          expect(answer.status, `${origin} ${request.path}`).toBe(403);
          expect(answer.headers['access-control-allow-origin']).toBeUndefined();
        }
        tally.add('origin', 2);
      }
    }
    await assertStillServes(cloud.endpoint);
  });

  it('S3 answers a foreign preflight by the bucket\'s CORS rules, as AWS does, but never acts as the public root for that page', async () => {
    const bucket = cloud.outputs.storage!.bucket_name;
    const preflight = await send(cloud.endpoint, { method: 'OPTIONS', path: `/${bucket}/public/x`, headers: { origin: EVIL, 'access-control-request-method': 'PUT' } });
    // Amplify's storage bucket allows any origin (AllowedOrigins: ["*"]).
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const put = await send(cloud.endpoint, await signed(cloud.endpoint, 's3', { method: 'PUT', path: `/${bucket}/attachments/from-evil.txt`, headers: { origin: EVIL, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'pwned' }));
    expect(put.status).toBe(403);
    expect(put.text).toContain('<Code>AccessDenied</Code>');
    expect(put.text).toContain('not accepted from a web page of origin https://evil.example');
    // The same request from the app's own (loopback) origin is the root's, as before.
    const own = await send(cloud.endpoint, await signed(cloud.endpoint, 's3', { method: 'PUT', path: `/${bucket}/attachments/from-app.txt`, headers: { origin: 'http://localhost:5173', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'ok' }));
    expect(own.status).toBe(200);
    tally.add('origin', 3);
  });

  it('loopback origins (the Vite app on 127.0.0.1 or localhost, any port) keep their CORS grant', async () => {
    for (const origin of ['http://127.0.0.1:5220', 'http://localhost:5220', 'http://localhost:5173', 'http://[::1]:3000']) {
      const preflight = await send(cloud.endpoint, { method: 'OPTIONS', path: '/graphql', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type' } });
      expect(preflight.status, origin).toBe(200);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      const outbox = await send(cloud.endpoint, { path: '/_flare/cognito/outbox', headers: { origin } });
      expect(outbox.status).toBe(200);
      expect(outbox.headers['access-control-allow-origin']).toBe(origin);
    }
  });
});

describe('foreign Host (DNS rebinding)', () => {
  it('is refused before any service runs, even with a valid root signature for that host, naming --allow-host', async () => {
    for (const host of ['rebind.evil.example', 'rebind.evil.example:4566', '0.0.0.0:4566', '127.0.0.1.nip.io', '10.0.0.5']) {
      const request = await signed(cloud.endpoint, 'dynamodb', { host, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
      const answer = await send(cloud.endpoint, request);
      expect(answer.status, host).toBe(403);
      expect(answer.json()).toMatchObject({ __type: 'HostNotAllowed' });
      expect(answer.json().message).toContain('--allow-host');
      tally.add('host');
    }
    const outbox = await send(cloud.endpoint, { path: '/_flare/cognito/outbox', headers: { host: 'rebind.evil.example' } });
    expect(outbox.status).toBe(403);
    tally.add('host');
    await assertStillServes(cloud.endpoint);
  });

  it('loopback names with any port and <bucket>.localhost are answered', async () => {
    for (const host of ['127.0.0.1', 'localhost:9', '[::1]:4566', `${cloud.outputs.storage!.bucket_name}.localhost`]) {
      const answer = await send(cloud.endpoint, { path: '/nothing', headers: { host } });
      // The service behind answers (S3 refuses an anonymous read of the bucket): the edge let it through.
      expect(answer.headers['x-amzn-errortype'], host).not.toBe('HostNotAllowed');
      expect(answer.status, host).toBeLessThan(500);
    }
  });
});

describe('WebSocket upgrades', () => {
  const realtime = () => `${cloud.outputs.data!.url.replace(/^http/, 'ws')}/realtime`;
  const header = () => `header-${Buffer.from(JSON.stringify({ host: new URL(cloud.endpoint).host, 'x-api-key': cloud.outputs.data!.api_key })).toString('base64url')}`;

  async function upgrade(options: { origin?: string; headers?: Record<string, string> }): Promise<{ status?: number; ack?: boolean }> {
    const socket = new WebSocket(realtime(), ['graphql-ws', header()], { origin: options.origin, headers: options.headers });
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
      socket.once('open', () => {
        socket.send(JSON.stringify({ type: 'connection_init' }));
        socket.once('message', (data) => {
          resolve({ ack: JSON.parse(String(data)).type === 'connection_ack' });
          socket.close();
        });
      });
      socket.once('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
    });
  }

  it('from a foreign Origin or Host are refused 403: no connection_ack for a rebound or foreign page', async () => {
    expect(await upgrade({ origin: EVIL })).toEqual({ status: 403 });
    expect(await upgrade({ headers: { host: 'rebind.evil.example' } })).toEqual({ status: 403 });
    tally.add('websocket', 2);
    expect(await upgrade({ origin: 'http://localhost:5173' })).toEqual({ ack: true });
    expect(await upgrade({})).toEqual({ ack: true });
  });
});

describe('request lines and headers no client would send (generated)', () => {
  it('each is answered 4xx (or 404 for a path nothing serves) and the edge keeps serving', async () => {
    const rng = new Rng(0x0edce);
    const valid = `GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:5173\r\nConnection: close\r\n\r\n`;
    const fixed = [
      'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET /%zz%00/../.. HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.0\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n',
      'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    ];
    const generated = Array.from({ length: 60 }, () => mutateString(valid, rng));
    for (const bytes of [...fixed, ...generated]) {
      const answer = await sendRaw(cloud.endpoint, bytes);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
      // An answer, or the connection closed on a request Node's parser refuses; never a 5xx.
      if (status) expect(status, JSON.stringify(bytes.slice(0, 80))).toBeLessThan(500);
      tally.add('request line');
      await assertStillServes(cloud.endpoint);
    }
  });

  it('generated Host and Origin headers are allowed or refused, never anything else', async () => {
    const rng = new Rng(0x4057);
    for (let i = 0; i < 60; i++) {
      const host = mutateString(rng.pick(['127.0.0.1:4566', 'localhost', '[::1]']), rng).replace(/[\r\n]/g, '');
      const origin = mutateString(rng.pick(['http://localhost:5173', 'http://127.0.0.1:5220', EVIL]), rng).replace(/[\r\n]/g, '');
      let answer;
      try {
        answer = await send(cloud.endpoint, { path: '/graphql', method: 'POST', headers: { host, origin, 'content-type': 'application/json' }, body: '{}' });
      } catch {
        continue; // a header value Node refuses to send
      }
      expectTyped(answer, `Host ${JSON.stringify(host)} Origin ${JSON.stringify(origin)}`);
      tally.add('host/origin header');
    }
    await assertStillServes(cloud.endpoint);
  });
});
