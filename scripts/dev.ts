/**
 * `npm run dev` (after scripts/dev.mjs has installed dependencies):
 *   2. synthesizes the backend (cached by content hash)
 *   3. starts the local cloud and writes amplify_outputs.json
 *   4. seeds demo data on first start (--no-seed to skip)
 *   5. starts the Vite dev server for app/
 * Editing amplify/ re-synthesizes and swaps the backend; function handlers are
 * hot-reloaded by the local Lambda service without a re-synth. Ctrl-C stops all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

const projectDir = process.cwd();
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'app-port': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'allow-host': { type: 'string', multiple: true },
    'allow-origin': { type: 'string', multiple: true },
  },
});

const started = Number(process.env.FLARE_DEV_STARTED_AT ?? Date.now()) - Date.now() + performance.now();

/**
 * The Vite dev server for app/, in its own process so that it starts on the second
 * core while this one loads the local cloud. It reloads the app by itself when
 * amplify_outputs.json (imported by the app) changes.
 */
function startAppServer(): { child: ChildProcess; url: Promise<string> } {
  const viteBin = path.join(projectDir, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(
    process.execPath,
    [viteBin, '--config', path.join('app', 'vite.config.ts'), '--host', '127.0.0.1', '--port', String(values['app-port'] ?? 5173), '--clearScreen', 'false'],
    { cwd: projectDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex
      seen += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
      const found = /Local:\s+(http:\/\/\S+)/.exec(seen);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`the Vite dev server exited (${code}) before it was ready:\n${seen}`)));
  });
  return { child, url };
}
const app = startAppServer();
process.on('exit', () => app.child.kill());

// Loaded after Vite's process is on its way: these imports take a second or two.
const { describeLocalCloud, EdgePortInUseError, Reporter, startLocalCloud, stopOnSignals, synthesize, SynthesisError } = await import('flare-local');
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => process.stderr.write(`${line}\n`);

/** A one-line progress indicator for slow steps (install, synth). */
function progress(label: string): () => void {
  if (!process.stderr.isTTY) {
    say(`› ${label}…`);
    return () => undefined;
  }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  const t0 = performance.now();
  let i = 0;
  const timer = setInterval(() => {
    process.stderr.write(`\r${frames[i++ % frames.length]} ${label}… ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }, 100);
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[2K');
  };
}


const reporter = new Reporter({ level: values.verbose ? 'debug' : 'info' });
const log = reporter.for('dev');
const port = Number(values.port ?? process.env.FLARE_PORT ?? 4566);

async function synth(): Promise<void> {
  const done = progress('synthesizing amplify/backend.ts');
  try {
    // The type check (as ampx runs it) follows the synth instead of holding up the start.
    const result = await synthesize({ projectDir, typeCheck: 'after' });
    done();
    log.done(result.cached ? 'backend unchanged: synth cache hit' : `backend synthesized in ${(result.durationMs / 1000).toFixed(1)} s`);
    result.typeCheck?.then(
      () => log.done('amplify/ type-checks'),
      (error: unknown) => {
        const details = error instanceof SynthesisError ? `\n${error.details}\n${error.resolution}` : '';
        log.warn(`amplify/ has type errors: ampx would refuse to deploy it${details}`);
      },
    );
  } catch (error) {
    done();
    throw error;
  }
}

type Cloud = Awaited<ReturnType<typeof startLocalCloud>>;

async function startCloud(): Promise<Cloud> {
  // The console is served from its sources with hot reload, like the app.
  return startLocalCloud({
    projectDir,
    port,
    inMemory: values['in-memory'],
    reset: values.reset,
    reporter,
    synth: false,
    allowHosts: values['allow-host'],
    allowOrigins: values['allow-origin'],
    console: { hotReload: true },
  });
}

function banner(cloud: Cloud, appUrl: string): string {
  const rows = [
    ['Web app', appUrl],
    ['Status page', `${appUrl}#/status`],
    ['Local cloud', cloud.endpoint],
    ['GraphQL', `${cloud.endpoint}/graphql`],
    ['Outbox (codes)', `${cloud.endpoint}/_flare/cognito/outbox`],
    ...(cloud.consoleUrl ? [['Console', cloud.consoleUrl]] : []),
  ];
  const logins = DEMO_USERS.map((u) => [`Login (${u.groups[0].toLowerCase()})`, `${u.email} / ${DEMO_PASSWORD}`]);
  const width = Math.max(...[...rows, ...logins].map(([k]) => k.length));
  return ['', ...[...rows, ...logins].map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), ''].join('\n');
}

/** Re-synthesizes and swaps the backend when amplify/ changes (function handlers excepted: hot reload). */
function watchBackend(restart: (reason: string) => Promise<void>): void {
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  watch(path.join(projectDir, 'amplify'), { recursive: true }, (_event, file) => {
    if (!file || file.includes('node_modules')) return;
    // Handlers and the modules they import are rebuilt by the local Lambda service in place.
    if (/^(functions|domain|shared)\//.test(file) && !file.endsWith('resource.ts')) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed.clear();
      void restart(files.join(', '));
    }, 300);
  });
}

try {
  await synth();
  const startedCloud = await startCloud();
  let cloud = startedCloud;
  reporter.print(describeLocalCloud(cloud));
  try {
    if (!values['no-seed']) {
      // Loaded only when needed: it brings aws-amplify into this process.
      const { seedOnce } = await import('./seed');
      const counts = await seedOnce(cloud);
      if (counts) log.done(`seeded ${counts.services} services and ${counts.incidents} incidents`);
    }
  } catch (error) {
    // The cloud works without demo data: say what failed and keep going.
    log.error(`seeding demo data failed: ${(error as Error).message}`);
    log.warn('the local cloud keeps running without demo data; `npm run dev -- --reset` retries the seed');
  }

  const appUrl = await app.url;
  reporter.print(banner(cloud, appUrl));
  log.done(`ready in ${elapsed()} — Ctrl-C to stop`);

  let swapping = Promise.resolve();
  watchBackend(async (files) => {
    swapping = swapping.then(async () => {
      log.info(`amplify/ changed (${files}): re-synthesizing…`);
      try {
        await synth();
        await cloud.stop();
        cloud = await startCloud();
        log.done('backend swapped; state kept');
      } catch (error) {
        if (error instanceof SynthesisError) {
          log.error(`${error.message}\n${error.details}\n${error.resolution}`);
          log.warn('keeping the previous backend running');
        } else throw error;
      }
    });
  });

  stopOnSignals(async () => {
    await swapping.catch(() => undefined);
    app.child.kill();
    await cloud.stop();
    return cloud.stateDir ? `stopped; state is in ${path.relative(projectDir, cloud.stateDir)}` : 'stopped';
  }, log);
} catch (error) {
  if (error instanceof SynthesisError) {
    log.error(error.message);
    say(`\n${error.details}\n`);
    log.info(error.resolution);
    process.exit(1);
  }
  if (error instanceof EdgePortInUseError) {
    log.error(error.message);
    log.info(error.resolution);
    process.exit(1);
  }
  throw error;
}
