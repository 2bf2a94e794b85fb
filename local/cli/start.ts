import { existsSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeLocalCloud, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../index';
import { synthesize, SynthesisError } from '../assembly/synthesize';
import type { LambdaLocalService } from '../lambda/service';
import type { Logger } from '../reporter';
import { stopOnSignals } from '../shutdown';
import { CliError, usageError } from './errors';
import type { Command } from './main';
import { checkBackendPackages, resolveProject } from './project';

/** Editors save in bursts; wait for the burst to end before re-synthesizing. */
const WATCH_DEBOUNCE_MS = 300;

/** `--port`: a number, else FLARE_PORT, else 4566. */
export function portOption(value: unknown): number {
  const text = typeof value === 'string' ? value : (process.env.FLARE_PORT ?? '4566');
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw usageError(`--port must be a port number from 0 to 65535 (got ${JSON.stringify(text)})`);
  return port;
}

/**
 * A module run once the cloud is up (`--seed <file>`): its `seed(cloud, log)` export (or
 * default export) fills the fresh cloud with what a project wants to start with.
 */
async function runSeed(file: string, cloud: LocalCloud, log: Logger): Promise<void> {
  const url = pathToFileURL(path.resolve(file)).href;
  let loaded: { seed?: unknown; default?: unknown };
  try {
    loaded = (await import(url)) as typeof loaded;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    // A TypeScript module, and no loader for it yet: the CLI's own tsx loads it.
    const { register } = await import('tsx/esm/api');
    register();
    loaded = (await import(url)) as typeof loaded;
  }
  const seed = loaded.seed ?? loaded.default;
  if (typeof seed !== 'function') throw new CliError(`${file} exports no seed function`, 'Export `seed(cloud, log)` (or a default function) from the module given to --seed.');
  await (seed as (cloud: LocalCloud, log: Logger) => Promise<void>)(cloud, log);
}

/**
 * Re-synthesizes and swaps the running backend when amplify/ changes. Edits the local
 * Lambda service rebuilds by itself (a function's own sources) need no synth; a file the
 * synth itself loaded always does.
 */
function watchBackend(projectDir: string, cloud: () => LocalCloud, restart: (files: string[]) => Promise<void>): () => void {
  const amplifyDir = path.join(projectDir, 'amplify');
  const traceFile = path.join(projectDir, '.amplify', 'local', 'synth-trace.json');
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const watcher = watch(amplifyDir, { recursive: true }, (_event, name) => {
    if (!name || name.toString().split(path.sep).includes('node_modules')) return;
    const file = path.join(amplifyDir, name.toString());
    const synthInputs = existsSync(traceFile) ? new Set(JSON.parse(readFileSync(traceFile, 'utf8')) as string[]) : new Set<string>();
    const lambda = cloud().services.find<LambdaLocalService>('lambda');
    if (lambda?.hotReloads(file) && !synthInputs.has(file)) return;
    changed.add(path.relative(projectDir, file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed.clear();
      void restart(files);
    }, WATCH_DEBOUNCE_MS);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

export const start: Command = {
  summary: 'synthesize amplify/, run it, write amplify_outputs.json, and watch amplify/',
  usage: [
    '[--port <n>] [--state-dir <dir>] [--in-memory] [--reset] [--allow-host <host>]… [--allow-origin <origin>]… [--outputs-out-dir <dir>] [--no-watch] [--seed <module>]',
    '  --port        the edge port (default FLARE_PORT, else 4566; 0 picks a free one)',
    '  --state-dir   where tables, users, objects and secrets live (default .amplify/local/state)',
    '  --in-memory   keep nothing on disk          --reset   wipe the state first',
    '  --allow-host  also accept requests for this Host name (repeatable; or FLARE_ALLOW_HOSTS); loopback always',
    '  --allow-origin  let web pages of this origin call the edge (repeatable; or FLARE_ALLOW_ORIGINS)',
    '  --outputs-out-dir  where to write amplify_outputs.json (default: the project; as ampx\'s flag)',
    '  --no-watch    do not re-synthesize when amplify/ changes',
    '  --seed        a module whose seed(cloud, log) runs once the cloud is up (--no-seed: not this time)',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    'state-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    'allow-host': { type: 'string', multiple: true },
    'allow-origin': { type: 'string', multiple: true },
    'outputs-out-dir': { type: 'string' },
    'no-watch': { type: 'boolean', default: false },
    seed: { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
  },
  async run({ values, positionals, reporter }) {
    if (positionals.length > 0) throw usageError(`start takes no arguments (got ${positionals.join(' ')})`);
    const started = performance.now();
    const projectDir = resolveProject(values.project as string | undefined);
    checkBackendPackages(projectDir);
    const log = reporter.for('local');
    const options: LocalCloudOptions = {
      projectDir,
      port: portOption(values.port),
      stateDir: values['state-dir'] as string | undefined,
      inMemory: values['in-memory'] as boolean,
      reset: values.reset as boolean,
      reporter,
      synth: false,
      allowHosts: values['allow-host'] as string[] | undefined,
      allowOrigins: values['allow-origin'] as string[] | undefined,
      outputsFile: path.join(path.resolve(projectDir, (values['outputs-out-dir'] as string | undefined) ?? '.'), 'amplify_outputs.json'),
    };
    await synthesizeWithProgress(projectDir, log);
    let cloud = await startLocalCloud(options);
    reporter.print(describeLocalCloud(cloud));
    if (typeof values.seed === 'string' && !values['no-seed']) {
      try {
        await runSeed(values.seed, cloud, reporter.for('seed'));
      } catch (error) {
        // The cloud works without its seed: say what failed and keep going.
        log.error(`the seed module failed: ${(error as Error).message} (the local cloud keeps running)`);
      }
    }
    log.done(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s; amplify_outputs.json written — Ctrl-C to stop`);

    let swapping = Promise.resolve();
    const unwatch = values['no-watch']
      ? () => undefined
      : watchBackend(projectDir, () => cloud, async (files) => {
          swapping = swapping.then(async () => {
            log.info(`amplify/ changed (${files.join(', ')}): re-synthesizing…`);
            try {
              if (await synthesizeWithProgress(projectDir, log)) {
                await cloud.stop();
                cloud = await startLocalCloud({ ...options, reset: false });
                log.done(`backend swapped${options.inMemory ? '' : '; state kept'}`);
              }
            } catch (error) {
              if (!(error instanceof SynthesisError)) throw error;
              log.error(`${error.message}\n${error.details}\n${error.resolution}`);
              log.warn('keeping the previous backend running');
            }
          });
        });
    // Runs until Ctrl-C or SIGTERM, which stop the cloud and exit within STOP_GRACE_MS whatever is in flight.
    await new Promise<never>(() =>
      stopOnSignals(async () => {
        unwatch();
        await swapping.catch(() => undefined);
        await cloud.stop();
      }, log),
    );
  },
};

/** Synthesizes (cached by content); true when a new assembly was made. */
async function synthesizeWithProgress(projectDir: string, log: Logger): Promise<boolean> {
  const result = await synthesize({ projectDir, typeCheck: 'after', onProgress: (message) => log.info(`${message}…`) });
  log.done(result.cached ? 'backend unchanged: synth cache hit' : `backend synthesized in ${(result.durationMs / 1000).toFixed(1)} s`);
  result.typeCheck?.then(
    () => undefined,
    (error: unknown) => {
      const details = error instanceof SynthesisError ? `\n${error.details}\n${error.resolution}` : '';
      log.warn(`amplify/ has type errors: ampx would refuse to deploy it${details}`);
    },
  );
  return !result.cached;
}
