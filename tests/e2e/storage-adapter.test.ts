/**
 * The storage adapter in a real browser (headless Debian Chromium): the unmodified
 * aws-amplify v6 storage client's browser build (XHR, upload and download progress)
 * reaching the local S3 across origins, with CORS answered by the bucket's rules and
 * signatures verified as the client computed them.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../local';
import { launchChromium } from '../helpers/browser';
import { clientConfig, startTestCloud } from '../helpers/cloud';
import { createUser, TEST_PASSWORD } from '../helpers/flare-users';
import { cognitoService } from '../../local/cognito';
import { cognitoIdentityService } from '../../local/cognito/identity-pool';
import { iamService } from '../../local/iam';
import { s3Service } from '../../local/s3';

const MiB = 1024 * 1024;
/** A 1×1 image, to show a presigned URL works as an <img> source. */
const PIXEL = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1"/></svg>');

/** window.storageSteps, as the test calls it (by name, with JSON arguments). */
type Steps = Record<string, (...args: never[]) => Promise<unknown>>;

describe('aws-amplify storage in a browser against the local S3', () => {
  let cloud: LocalCloud;
  let page: Page;
  let browser: Browser;
  let server: Server;

  /** Runs one step of the page script (window.storageSteps) in the browser. */
  const run = <T>(step: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(([name, values]) => (window as unknown as { storageSteps: Steps }).storageSteps[name as string](...(values as never[])), [step, args] as const) as Promise<T>;

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), s3Service(), cognitoService(), cognitoIdentityService()],
      reporter: new Reporter({ level: 'error' }),
    });
    await createUser(cloud, 'responder@example.com', ['RESPONDERS']);
    await new S3Client({ ...clientConfig(cloud), forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: cloud.outputs.storage!.bucket_name, Key: 'status-assets/pixel.svg', Body: PIXEL, ContentType: 'image/svg+xml' }),
    );

    // The page: the entry bundled for browsers (aws-amplify's browser build), served from its own origin.
    const bundle = await build({
      entryPoints: [path.join(import.meta.dirname, 'storage-page', 'entry.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0].text;
    server = createServer((req, res) => {
      if (req.url === '/entry.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/entry.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => 'storageSteps' in window);
    await run('configure', cloud.outputs);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await cloud?.stop();
  });

  it('a responder uploads a small attachment with XHR progress, lists, downloads it and removes it', async () => {
    // Prepare
    await run('signIn', 'responder@example.com', TEST_PASSWORD);

    // Act
    const uploaded = await run<{ eTag: string; progress: { transferredBytes: number; totalBytes: number }[] }>('upload', 'attachments/incident-1/small.bin', 300_000);
    const listed = await run<string[]>('list', 'attachments/incident-1/');
    const downloaded = await run<{ size: number; intact: boolean; progress: { transferredBytes: number }[] }>('download', 'attachments/incident-1/small.bin');
    await run('remove', 'attachments/incident-1/small.bin');

    // Assess
    expect(uploaded.eTag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(uploaded.progress.length).toBeGreaterThan(0);
    expect(uploaded.progress.at(-1)).toEqual({ transferredBytes: 300_000, totalBytes: 300_000 });
    expect(listed).toEqual(['attachments/incident-1/small.bin']);
    expect(downloaded).toMatchObject({ size: 300_000, intact: true });
    expect(downloaded.progress.at(-1)?.transferredBytes).toBe(300_000);
    expect(await run<string[]>('list', 'attachments/incident-1/')).toEqual([]);
  });

  it('a responder uploads an attachment over 5 MiB as a multipart upload with progress events, and downloads it intact', async () => {
    await run('signIn', 'responder@example.com', TEST_PASSWORD);
    const size = 6 * MiB + 4321;

    const uploaded = await run<{ eTag: string; progress: { transferredBytes: number; totalBytes: number }[] }>('upload', 'attachments/incident-2/big.bin', size);
    const downloaded = await run<{ size: number; intact: boolean }>('download', 'attachments/incident-2/big.bin');

    expect(uploaded.eTag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect(uploaded.progress.length).toBeGreaterThanOrEqual(2);
    expect(uploaded.progress.every((event) => event.totalBytes === size)).toBe(true);
    expect(uploaded.progress.at(-1)?.transferredBytes).toBe(size);
    expect(downloaded).toMatchObject({ size, intact: true });
  });

  it('getUrl gives a URL that works in the browser (fetched, and as an <img>)', async () => {
    await run('signIn', 'responder@example.com', TEST_PASSWORD);
    const result = await run<{ host: string; status: number; length: number; imageLoaded: boolean }>('url', 'status-assets/pixel.svg');
    expect(result).toEqual({ host: `${cloud.outputs.storage!.bucket_name}.s3.us-east-1.amazonaws.com`, status: 200, length: PIXEL.length, imageLoaded: true });
  });

  it('a guest reads status-assets/ but cannot write it or read attachments/', async () => {
    await run('signOut');
    expect(await run<string[]>('list', 'status-assets/')).toEqual(['status-assets/pixel.svg']);
    expect(await run<string>('failure', 'uploadText', 'status-assets/x.txt', 'x')).toBe('AccessDenied');
    expect(await run<string>('failure', 'list', 'attachments/')).toBe('AccessDenied');
  });
});
