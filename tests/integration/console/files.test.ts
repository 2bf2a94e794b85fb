/**
 * How the console's files are served: built (hashed assets cached for good, index revalidated,
 * no path outside the build), or through Vite with hot reload on the edge's own origin.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalCloud } from '../../../local';
import { dynamodbService } from '../../../local/dynamodb';
import { iamService } from '../../../local/iam';
import { startTestCloud } from '../../helpers/cloud';

describe('the built console', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ cdkOut: path.resolve('tests/fixtures/dynamodb-table'), services: [iamService(), dynamodbService()] });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('serves its page, then its hashed assets as immutable', async () => {
    const index = await fetch(`${cloud.consoleUrl}`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await index.text();
    const script = /src="(\/_flare\/console\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${cloud.endpoint}${script}`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves nothing outside its build', async () => {
    for (const probe of ['/_flare/console/assets/..%2f..%2fbuild.ts', '/_flare/console/..%2fvite.config.ts', '/_flare/console/nothing.js']) {
      const answer = await fetch(`${cloud.endpoint}${probe}`);
      expect(answer.status).toBe(404);
    }
  });
});

describe('the console with hot reload (npm run dev)', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud({ cdkOut: path.resolve('tests/fixtures/dynamodb-table'), services: [iamService(), dynamodbService()], console: { hotReload: true } });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('serves the sources through Vite, whose HMR socket answers on the edge under /_flare/console/', async () => {
    const html = await (await fetch(`${cloud.consoleUrl}`)).text();
    expect(html).toContain('/_flare/console/@vite/client');
    const main = await fetch(`${cloud.endpoint}/_flare/console/main.tsx`);
    expect(main.status).toBe(200);
    expect(await main.text()).toContain('createRoot');

    const socket = new WebSocket(`${cloud.endpoint.replace('http', 'ws')}/_flare/console/`, 'vite-hmr');
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    socket.close();
    expect(JSON.parse(first)).toMatchObject({ type: 'connected' });
  });

  it('refuses the HMR socket to another origin', async () => {
    const socket = new WebSocket(`${cloud.endpoint.replace('http', 'ws')}/_flare/console/`, 'vite-hmr', { headers: { origin: 'http://evil.example' } });
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });
});
