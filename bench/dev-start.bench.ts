/**
 * `npm run dev` as a newcomer meets it: seconds from the command to a rendered public status
 * page showing the seeded data, in headless Chromium.
 *   - cold: a fresh clone (no amplify_outputs.json, no .amplify/, no Vite cache; node_modules
 *     linked from this checkout, so `npm ci` is not part of the figure), synth included;
 *   - warm: `npm run dev` again in that clone (synth cached, state and Vite cache kept).
 * Usage: npm run bench -- dev-start [-- --cold 2 --warm 3]
 */
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { freePort, freshClone, runNpm } from '../tests/helpers/fresh-clone';

const { values } = parseArgs({ options: { cold: { type: 'string', default: '2' }, warm: { type: 'string', default: '3' } }, allowPositionals: true });

/** Starts `npm run dev` in `dir` and polls the status page until the seeded service shows; seconds. */
async function timeToStatusPage(browser: Browser, dir: string): Promise<{ seconds: number; ready: number }> {
  const [port, appPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const dev = runNpm(dir, ['run', 'dev', '--', '--port', String(port), '--app-port', String(appPort)], { FLARE_PORT: undefined });
  try {
    const url = `http://127.0.0.1:${appPort}/#/status`;
    const page = await browser.newPage();
    for (;;) {
      try {
        await page.goto(url, { timeout: 5_000 });
        await page.getByText('Elevated 5xx on POST /orders').waitFor({ timeout: 2_000 });
        break;
      } catch {
        if (performance.now() - started > 300_000) throw new Error(`no rendered status page after 300 s:\n${dev.output()}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const ready = Number(/ready in ([\d.]+) s/.exec(await dev.waitFor(/ready in [\d.]+ s/, 300_000))![1]);
    await page.close();
    return { seconds, ready };
  } finally {
    await dev.stop();
  }
}

const browser = await launchChromium();
const rows: string[] = [];
for (let i = 0; i < Number(values.cold); i++) {
  const clone = await freshClone(process.cwd());
  try {
    const cold = await timeToStatusPage(browser, clone.dir);
    rows.push(`cold #${i + 1}: status page rendered ${cold.seconds.toFixed(1)} s after \`npm run dev\` (it printed ready at ${cold.ready} s)`);
    if (i === 0) {
      for (let j = 0; j < Number(values.warm); j++) {
        const warm = await timeToStatusPage(browser, clone.dir);
        rows.push(`warm #${j + 1}: status page rendered ${warm.seconds.toFixed(1)} s after \`npm run dev\` (ready at ${warm.ready} s)`);
      }
    }
  } finally {
    await clone.remove();
  }
}
await browser.close();
console.log(rows.join('\n'));
