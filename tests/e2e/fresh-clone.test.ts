/**
 * The newcomer's path, as the README gives it: a fresh clone (no amplify_outputs.json, no
 * .amplify/), `npm run dev`, then the browser. The status page and the board must show the
 * seeded services and incidents: not an error overlay, and not a page that needs a restart.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { freePort, freshClone, runNpm, type DevProcess, type FreshClone } from '../helpers/fresh-clone';

const DEMO_ADMIN = { email: 'admin@flare.local', password: 'Flare-demo-2026!' };

let clone: FreshClone;
let dev: DevProcess;
let browser: Browser;
let appUrl: string;

describe('a fresh clone, first `npm run dev`', () => {
  beforeAll(async () => {
    clone = await freshClone(process.cwd());
    expect(existsSync(path.join(clone.dir, 'amplify_outputs.json'))).toBe(false);
    expect(existsSync(path.join(clone.dir, '.amplify'))).toBe(false);
    const [port, appPort] = [await freePort(), await freePort()];
    dev = runNpm(clone.dir, ['run', 'dev', '--', '--port', String(port), '--app-port', String(appPort)], { FLARE_PORT: undefined, CI: undefined });
    await dev.waitFor(/ready in [\d.]+ s/, 240_000);
    appUrl = /Web app\s+(http:\/\/\S+)/.exec(dev.output())![1];
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    await clone?.remove();
  }, 60_000);

  it('serves the public status page with the seeded services and open incidents', async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}#/status`);
    await page.getByRole('heading', { name: 'System status' }).waitFor({ timeout: 60_000 });
    await page.getByText('Checkout API').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('public-incident').filter({ hasText: 'Elevated 5xx on POST /orders' }).waitFor();
    // The seed's public update and maintenance window are shown too.
    await page.getByTestId('public-update').filter({ hasText: 'payment provider' }).waitFor();
    await page.getByTestId('maintenance').filter({ hasText: 'Sign-in database upgrade' }).waitFor();
    expect(await page.getByText('Failed to resolve import').count()).toBe(0);
    await page.close();
    // The first page load of a fresh clone includes Vite's dependency optimization.
  }, 90_000);

  it('signs the demo admin in and shows the seeded incidents on the board', async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}#/board`);
    await page.getByRole('textbox', { name: 'Email' }).fill(DEMO_ADMIN.email, { timeout: 20_000 });
    await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('signed-in-as').waitFor({ timeout: 20_000 });
    await page.getByTestId('incident-row').filter({ hasText: 'Elevated 5xx on POST /orders' }).filter({ hasText: 'Triggered' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('incident-row').filter({ hasText: 'Payment provider latency above 2 s' }).filter({ hasText: 'Acknowledged' }).waitFor();
    await page.close();
  }, 90_000);

  it('links the console, served from its sources, which opens on the seeded cloud', async () => {
    const consoleUrl = /Console\s+(http:\/\/127\.0\.0\.1:\d+\/_flare\/console\/)/.exec(dev.output())?.[1];
    expect(consoleUrl, 'npm run dev prints a Console link').toBeDefined();
    const page = await browser.newPage();
    // The first request starts Vite for the console's sources, which then optimizes their
    // dependencies (a fresh clone has no cache): room for both on a loaded machine.
    await page.goto(consoleUrl!, { timeout: 150_000 });
    await page.getByRole('table', { name: 'Services' }).getByText('cognito', { exact: true }).waitFor({ timeout: 60_000 });
    await page.close();
  }, 240_000);

  it('printed the install-free start with each step’s time', () => {
    expect(dev.output()).toMatch(/backend synthesized in [\d.]+ s/);
    expect(dev.output()).toMatch(/seeded 2 services and 4 incidents/);
  });

  it('stops cleanly on Ctrl-C, leaving nothing listening', async () => {
    const endpoint = /Local cloud\s+(http:\/\/\S+)/.exec(dev.output())![1];
    await dev.stop();
    expect(dev.output()).toContain('stopped; state is in .amplify/local/state');
    await expect(fetch(endpoint)).rejects.toThrow();
    await expect(fetch(appUrl)).rejects.toThrow();
  });
});
