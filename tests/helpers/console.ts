/**
 * The local console in headless Chromium: a local cloud, a browser, pages opened on the
 * console, and axe-core (from npm, injected into the page) for accessibility checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Reporter, type LocalCloud, type LocalCloudOptions } from '../../local';
import { ensureConsoleBuilt } from '../../local/console/build';
import { CHROMIUM } from './browser';
import { startTestCloud } from './cloud';

export interface ConsoleStack {
  cloud: LocalCloud;
  browser: Browser;
  /** A new page (its own profile) on `#/<route>` of the console. */
  open(route?: string): Promise<Page>;
  stop(): Promise<void>;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts a local cloud (Flare's, in memory, unless told otherwise) and Chromium; fails, naming it, when Chromium is missing. */
export async function startConsoleStack(options: Partial<LocalCloudOptions> = {}): Promise<ConsoleStack> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for the console's browser tests and is not at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)`);
  const cloud = await startTestCloud(options);
  let browser: Browser;
  try {
    // The edge builds the console on its first request after a change of its sources: done
    // here, in the hook's time, rather than in the first test's page load.
    await ensureConsoleBuilt(new Reporter({ level: 'silent' }).for('console'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  return {
    cloud,
    browser,
    async open(route = 'overview') {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`${cloud.consoleUrl}#/${route}`);
      return page;
    },
    async stop() {
      await browser.close();
      await cloud.stop();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations on the page as it is now (WCAG 2 A/AA rules and best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => ({ target: node.target })) }));
  });
}
