/**
 * The app as people get it: the production build (`vite build`) served statically against a
 * seeded in-memory local cloud, in headless Chromium with a fresh profile (cold cache) per run.
 *   - JS per entry, gzipped: the status page (bootstrap + status entry and everything they
 *     import), the signed-in shell (bootstrap + signed-in entry), and each page loaded on demand;
 *   - status page: first contentful paint, and the time until the services are shown;
 *   - board: from clicking "Sign in" to the incidents shown.
 * For the status page it also prints where the time goes: scripts loaded, first GraphQL
 * request sent, last initial read answered (the browser's resource timings).
 * Usage: npm run bench -- app-pages [-- --runs=n] (5 runs by default)
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { Reporter, startLocalCloud } from '../local';
import { seedOnce } from '../scripts/seed';
import { DEMO_PASSWORD, DEMO_USERS } from '../scripts/demo-users';
import { launchChromium } from '../tests/helpers/browser';
import { summarize } from './stats';

const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 5);

type Manifest = Record<string, { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; css?: string[] }>;

/** The JS files a chunk loads before it runs: itself and its static imports, transitively. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) closure(manifest, imported, seen);
  return seen;
}

const dir = await mkdtemp(path.join(tmpdir(), 'flare-bench-app-'));
const outputsFile = path.join(dir, 'amplify_outputs.json');
const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, outputsFile, synth: false, reporter: new Reporter({ level: 'error' }) });
await seedOnce(cloud);
const outDir = path.join(dir, 'dist');
await build({
  configFile: path.join(process.cwd(), 'app', 'vite.config.ts'),
  resolve: { alias: { '@outputs': outputsFile } },
  build: { outDir, manifest: true, emptyOutDir: true },
  logLevel: 'error',
});

// 1) JS per entry, gzipped
const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
const gz = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + gzipSync(readFileSync(path.join(outDir, manifest[key].file))).length, 0) / 1024;
const bootstrap = closure(manifest, 'index.html');
const entry = (name: string) => Object.keys(manifest).find((key) => key.endsWith(name))!;
const status = closure(manifest, entry('src/entries/status.tsx'), new Set(bootstrap));
const shell = closure(manifest, entry('src/entries/signed-in.tsx'), new Set(bootstrap));
console.log('JS gzipped per entry (kB):');
console.log(`  status page    ${gz(status).toFixed(1)}  (${status.size} files; target ≤ 150)`);
console.log(`  signed-in shell ${gz(shell).toFixed(1)}  (${shell.size} files; target ≤ 300)`);
for (const page of ['BoardPage', 'IncidentPage', 'AdminServicesPage', 'StatsPage']) {
  const own = [...closure(manifest, entry(`src/pages/${page}.tsx`))].filter((key) => !shell.has(key));
  console.log(`  + ${page.padEnd(18)} ${gz(own).toFixed(1)} on demand`);
}
const bundled = (keys: Set<string>, pattern: RegExp) => [...keys].some((key) => pattern.test(readFileSync(path.join(outDir, manifest[key].file), 'utf8')));
console.log(`  status page holds the Authenticator: ${bundled(status, /amplify-authenticator/)}; S3 storage: ${bundled(status, /x-amz-content-sha256|uploadData/)}`);

// 2) Timings in Chromium against a static server
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const server = createServer((request, response) => {
  const file = path.join(outDir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/$/, '/index.html'));
  if (!file.startsWith(outDir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const appUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
const browser = await launchChromium();
const fcp: number[] = [];
const statusData: number[] = [];
const scriptsLoaded: number[] = [];
const firstQuery: number[] = [];
const readsAnswered: number[] = [];
const boardData: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${appUrl}#/status`);
    await page.getByTestId('public-service').first().waitFor({ timeout: 30_000 });
    statusData.push(await page.evaluate(() => performance.now()));
    fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN));
    const timings = await page.evaluate((shown) => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const scripts = entries.filter((e) => e.name.endsWith('.js'));
      // The reads answered before the services were shown (the page reads again once its subscriptions are live).
      const reads = entries.filter((e) => e.initiatorType === 'fetch' && e.name.includes('graphql') && e.responseEnd <= shown);
      return { scripts: Math.max(...scripts.map((e) => e.responseEnd)), first: Math.min(...reads.map((e) => e.startTime)), answered: Math.max(...reads.map((e) => e.responseEnd)) };
    }, statusData.at(-1)!);
    scriptsLoaded.push(timings.scripts);
    firstQuery.push(timings.first);
    readsAnswered.push(timings.answered);
    await context.close();

    const signIn = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const board = await signIn.newPage();
    await board.goto(`${appUrl}#/board`);
    await board.getByRole('textbox', { name: 'Email' }).fill(DEMO_USERS[0].email);
    await board.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
    const clicked = await board.evaluate(() => performance.now());
    await board.getByRole('button', { name: 'Sign in', exact: true }).click();
    await board.getByTestId('incident-row').first().waitFor({ timeout: 30_000 });
    boardData.push((await board.evaluate(() => performance.now())) - clicked);
    await signIn.close();
  }
} finally {
  await browser.close();
  server.close();
  await cloud.stop();
  await rm(dir, { recursive: true, force: true });
}
const line = (label: string, samples: number[], target: number) => {
  const s = summarize(samples);
  const goal = Number.isNaN(target) ? '' : `; target ≤ ${target} s`;
  console.log(`  ${label.padEnd(38)} median ${(s.p50 / 1000).toFixed(2)} s, range ${(Math.min(...samples) / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)} s (n=${s.n}${goal})`);
};
console.log(`Production build, static server, local cloud, cold browser profile per run:`);
line('status page first contentful paint', fcp, 1);
line('status page data shown', statusData, 1.5);
line('  at which its scripts had loaded', scriptsLoaded, Number.NaN);
line('  its first GraphQL read was sent', firstQuery, Number.NaN);
line('  its reads were answered', readsAnswered, Number.NaN);
line('board data shown after sign-in', boardData, 2);
