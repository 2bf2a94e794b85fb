/**
 * Browser end-to-end harness: a local cloud, the app on a Vite dev server wired
 * to that cloud's outputs, and headless Debian Chromium driven by playwright-core.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import type { LocalCloud } from '../../local';
import { startTestCloud } from './cloud';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserStack {
  cloud: LocalCloud;
  appUrl: string;
  browser: Browser;
  /** A fresh browser profile (cookies, local storage) — one per simulated person. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** Saves a screenshot of `page` under test-results/ (for failing steps). */
  screenshot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flare-e2e-'));
  const outputsFile = path.join(dir, 'amplify_outputs.json');
  const cloud = await startTestCloud({ outputsFile });
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await createServer({
      configFile: path.join(process.cwd(), 'app', 'vite.config.ts'),
      resolve: { alias: { '@outputs': outputsFile } },
      server: { port: 0, strictPort: false, host: '127.0.0.1', fs: { allow: [process.cwd(), dir] } },
      logLevel: 'error',
      clearScreen: false,
    });
    await server.listen();
    const appUrl = server.resolvedUrls!.local[0];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const shots = path.join(process.cwd(), 'test-results');
    const contexts: BrowserContext[] = [];
    const launched = browser;
    const vite = server;
    return {
      cloud,
      appUrl,
      browser: launched,
      async newPage() {
        const context = await launched.newContext({ viewport: { width: 1280, height: 900 } });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        return { context, page };
      },
      async screenshot(page, name) {
        await mkdir(shots, { recursive: true });
        const file = path.join(shots, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      async stop() {
        for (const context of contexts) await context.close().catch(() => undefined);
        await launched.close();
        await vite.close();
        await cloud.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    await cloud.stop();
    throw error;
  }
}

/** Runs a step; on failure saves a screenshot of every page given, then rethrows. */
export async function step<T>(stack: BrowserStack, name: string, pages: Page[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const files = await Promise.all(pages.map((page, i) => stack.screenshot(page, `${name}-${i}`).catch(() => '(screenshot failed)')));
    (error as Error).message += `\n  screenshots: ${files.join(', ')}`;
    throw error;
  }
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(value, null, 2));
}
