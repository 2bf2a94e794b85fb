import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { processAlive } from '../state/lock';

/** The CDK context `ampx sandbox` passes, for an offline synth of a sandbox backend. */
export function sandboxContext(namespace: string, name: string): Record<string, unknown> {
  return {
    'amplify-backend-namespace': namespace,
    'amplify-backend-name': name,
    'amplify-backend-type': 'sandbox',
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
  };
}

export interface SynthesizeOptions {
  projectDir: string;
  /** Where cdk.out goes; default `<projectDir>/.amplify/local/cdk.out`. */
  outDir?: string;
  /** Re-synthesize even when the cache is fresh. */
  force?: boolean;
  /**
   * Type-check `amplify/` as `ampx` does before deploying: beside the synth (default,
   * a type error fails the synth), or `'after'` it, reported through
   * `SynthesisResult.typeCheck` so that a dev loop need not wait for it.
   */
  typeCheck?: boolean | 'after';
  namespace?: string;
  backendName?: string;
  onProgress?: (message: string) => void;
}

export interface SynthesisResult {
  outDir: string;
  cached: boolean;
  hash: string;
  durationMs: number;
  /** With `typeCheck: 'after'` on a fresh synth: settles when tsc is done (rejects with a SynthesisError). */
  typeCheck?: Promise<void>;
}

/** A problem in the user's backend (type error, CDK error): shown as-is, with what to do. */
export class SynthesisError extends Error {
  constructor(message: string, readonly details: string, readonly resolution: string) {
    super(message);
    this.name = 'SynthesisError';
  }
}

const CACHE_FILE = 'synth-cache.json';
const IGNORED_DIRS = new Set(['node_modules', '.amplify', 'dist']);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (IGNORED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/**
 * Content hash of what a synth depends on: every file under `amplify/`, the
 * lockfile and the context.
 */
export async function backendHash(projectDir: string, context: Record<string, unknown>): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(context));
  for (const file of await listFiles(path.join(projectDir, 'amplify'))) {
    hash.update(path.relative(projectDir, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  const lock = path.join(projectDir, 'package-lock.json');
  if (existsSync(lock)) hash.update(await readFile(lock));
  return hash.digest('hex');
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function resolveBin(projectDir: string, pkg: string, bin: string): string {
  const require = createRequire(path.join(projectDir, 'package.json'));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(require('node:fs').readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  return path.join(path.dirname(manifestPath), relative);
}

/** Runs `tsc --noEmit` on amplify/ like `ampx` does; throws SynthesisError with the diagnostics. */
async function typeCheckBackend(projectDir: string): Promise<void> {
  const tsc = resolveBin(projectDir, 'typescript', 'tsc');
  const buildInfo = path.join(projectDir, '.amplify', 'local', 'amplify.tsbuildinfo');
  const { code, output } = await run(
    process.execPath,
    [tsc, '--noEmit', '--skipLibCheck', '--incremental', '--tsBuildInfoFile', buildInfo, '--project', 'amplify'],
    { cwd: projectDir, env: process.env },
  );
  if (code !== 0) {
    throw new SynthesisError(
      'TypeScript validation of amplify/ failed',
      output.trim(),
      'Fix the type errors above in amplify/ and run again.',
    );
  }
}

/** Extracts the meaningful lines of a failed CDK app run (the error, not the script's stack). */
function summarizeCdkFailure(output: string): string {
  const lines = output.split('\n');
  const errorAt = lines.findIndex((line) => /(Error|error TS\d+|ValidationError)[:\s]/.test(line));
  const from = errorAt >= 0 ? errorAt : Math.max(0, lines.length - 20);
  return lines
    .slice(from, from + 20)
    .filter((line) => !/^\s+at .*node_modules/.test(line))
    .join('\n')
    .trim();
}

/**
 * Holds an exclusive lock on the synth output while `fn` runs: two processes
 * (a test run and `npm run dev`, say) must not synthesize into one directory at
 * once. The lock is a directory (mkdir is atomic) naming its owner's pid; a
 * lock whose owner is gone is taken over.
 */
async function withSynthLock<T>(stateDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(stateDir, 'synth.lock');
  await mkdir(stateDir, { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
      if (Number.isInteger(owner) && !processAlive(owner)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Synthesizes `amplify/backend.ts` offline into a cloud assembly, unless the
 * cached one was made from the same inputs.
 * @example
 * const { outDir, cached } = await synthesize({ projectDir: process.cwd() });
 */
export async function synthesize(options: SynthesizeOptions): Promise<SynthesisResult> {
  const stateDir = path.join(path.resolve(options.projectDir), '.amplify', 'local');
  return withSynthLock(stateDir, () => synthesizeUnlocked(options));
}

async function synthesizeUnlocked(options: SynthesizeOptions): Promise<SynthesisResult> {
  const started = performance.now();
  const projectDir = path.resolve(options.projectDir);
  const stateDir = path.join(projectDir, '.amplify', 'local');
  const outDir = options.outDir ?? path.join(stateDir, 'cdk.out');
  const context = sandboxContext(options.namespace ?? 'flare', options.backendName ?? 'local');
  const hash = await backendHash(projectDir, context);
  const cacheFile = path.join(path.dirname(outDir), CACHE_FILE);

  if (!options.force && existsSync(path.join(outDir, 'manifest.json')) && existsSync(cacheFile)) {
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { hash?: string; outDir?: string };
    if (cache.hash === hash && cache.outDir === outDir) {
      return { outDir, cached: true, hash, durationMs: performance.now() - started };
    }
  }

  await mkdir(stateDir, { recursive: true });
  const stagingDir = `${outDir}.staging`;
  await rm(stagingDir, { recursive: true, force: true });
  options.onProgress?.('synthesizing amplify/backend.ts');

  const synth = run(process.execPath, ['--import', 'tsx', path.join(projectDir, 'amplify', 'backend.ts')], {
    cwd: projectDir,
    env: {
      ...process.env,
      CDK_OUTDIR: stagingDir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      AMPLIFY_DISABLE_TELEMETRY: '1',
    },
  });
  // Type-checking runs beside the synth (two cores); both must pass.
  const [typeCheckResult, synthResult] = await Promise.allSettled([
    options.typeCheck === true || options.typeCheck === undefined ? typeCheckBackend(projectDir) : Promise.resolve(),
    synth,
  ]);
  if (typeCheckResult.status === 'rejected') throw typeCheckResult.reason;
  if (synthResult.status === 'rejected') throw synthResult.reason;
  const { code, output } = synthResult.value;
  if (code !== 0 || !existsSync(path.join(stagingDir, 'manifest.json'))) {
    throw new SynthesisError(
      'Synthesis of amplify/backend.ts failed',
      summarizeCdkFailure(output),
      'Fix the error above in your backend definition and run again.',
    );
  }

  await rm(outDir, { recursive: true, force: true });
  await rename(stagingDir, outDir);
  await writeFile(cacheFile, JSON.stringify({ hash, outDir, at: new Date().toISOString() }, null, 2));
  const result: SynthesisResult = { outDir, cached: false, hash, durationMs: performance.now() - started };
  if (options.typeCheck === 'after') result.typeCheck = typeCheckBackend(projectDir);
  return result;
}
