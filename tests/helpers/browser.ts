/**
 * Browser end-to-end harness: a local cloud, the app on a Vite dev server wired
 * to that cloud's outputs, and headless Debian Chromium driven by playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import type { LocalCloud } from '../../local';
import { startTestCloud } from './cloud';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium; a missing browser fails the test naming what to install (browser
 * tests never skip themselves).
 * @example
 * const browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
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

/** The sizes every page is tested at: a laptop, and a 390×844 phone (touch, dark mode). */
export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: 'dark' };

export interface BrowserStack {
  /** The running cloud (replaced by `startCloudAgain`). */
  cloud: LocalCloud;
  appUrl: string;
  browser: Browser;
  /**
   * A fresh browser profile (cookies, local storage) — one per simulated person; a desktop
   * window unless `options` say otherwise (a phone's viewport, dark mode).
   */
  newPage(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** Saves a screenshot of `page` under test-results/ (for failing steps). */
  screenshot(page: Page, name: string): Promise<string>;
  /** Stops the local cloud only (an outage); the app and browser keep running. */
  stopCloud(): Promise<void>;
  /**
   * Starts the local cloud again on the same port and state (a `persistent` stack), without
   * rewriting the outputs file (open pages are not reloaded by it).
   */
  startCloudAgain(): Promise<LocalCloud>;
  stop(): Promise<void>;
}

export interface BrowserStackOptions {
  /** Keep the cloud's state in a folder (so that it can be stopped and started again). */
  persistent?: boolean;
}

export async function startBrowserStack(options: BrowserStackOptions = {}): Promise<BrowserStack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flare-e2e-'));
  const outputsFile = path.join(dir, 'amplify_outputs.json');
  const stateDir = options.persistent ? path.join(dir, 'state') : undefined;
  let cloud = await startTestCloud({ outputsFile, stateDir });
  let cloudRunning = true;
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
    browser = await launchChromium();
    const shots = path.join(process.cwd(), 'test-results');
    const contexts: BrowserContext[] = [];
    const launched = browser;
    const vite = server;
    const port = Number(new URL(cloud.endpoint).port);
    return {
      get cloud() {
        return cloud;
      },
      appUrl,
      browser: launched,
      async newPage(options = {}) {
        const context = await launched.newContext({ viewport: DESKTOP, ...options });
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
      async stopCloud() {
        await cloud.stop();
        cloudRunning = false;
      },
      async startCloudAgain() {
        if (!stateDir) throw new Error('startCloudAgain needs a persistent stack: startBrowserStack({ persistent: true })');
        cloud = await startTestCloud({ stateDir, port, outputsFile: false });
        cloudRunning = true;
        return cloud;
      },
      async stop() {
        for (const context of contexts) await context.close().catch(() => undefined);
        await launched.close();
        await vite.close();
        if (cloudRunning) await cloud.stop();
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
