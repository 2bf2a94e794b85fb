import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Extensions of the backend entry point, in `ampx`'s order of preference (JS first: a project may compile its own). */
export const BACKEND_ENTRY_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts'] as const;

/** `amplify/backend.<ext>` as `ampx`'s backend locator finds it, or undefined when there is none. */
export function locateBackendEntry(projectDir: string): string | undefined {
  return BACKEND_ENTRY_EXTENSIONS.map((ext) => path.join(projectDir, 'amplify', `backend${ext}`)).find((file) => existsSync(file));
}

/**
 * The backend namespace `ampx sandbox` uses: the project's package.json `name` (Amplify
 * sanitizes it into stack names itself), else the folder's name.
 */
export async function projectNamespace(projectDir: string): Promise<string> {
  const manifest = path.join(projectDir, 'package.json');
  if (existsSync(manifest)) {
    const declared = (JSON.parse(await readFile(manifest, 'utf8')) as { name?: unknown }).name;
    if (typeof declared === 'string' && declared) return declared;
  }
  return path.basename(projectDir);
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

/** A package's bin script: the project's own copy when it has one (as `ampx` uses it), else the CLI's. */
function resolveBin(projectDir: string, pkg: string, bin: string): string {
  let manifestPath: string;
  try {
    manifestPath = createRequire(path.join(projectDir, 'package.json')).resolve(`${pkg}/package.json`);
  } catch {
    manifestPath = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  return path.join(path.dirname(manifestPath), relative);
}

/**
 * Runs `tsc --noEmit` on amplify/ like `ampx` does; throws SynthesisError with the
 * diagnostics. Without `amplify/tsconfig.json` the backend is "not a TypeScript project"
 * to `ampx`, which then checks nothing: neither does this.
 */
async function typeCheckBackend(projectDir: string): Promise<void> {
  if (!existsSync(path.join(projectDir, 'amplify', 'tsconfig.json'))) return;
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
export function summarizeCdkFailure(output: string): string {
  const lines = output.split('\n');
  // esbuild's own headline ("✘ [ERROR] Could not resolve …") comes before CDK's
  // "Error: Failed to bundle asset"; it is the line that says what is wrong.
  const esbuildAt = lines.findIndex((line) => /^\s*(✘|X) \[ERROR\]/.test(line));
  const errorAt = esbuildAt >= 0 ? esbuildAt : lines.findIndex((line) => /(Error|error TS\d+|ValidationError)[:\s]/.test(line));
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

/** A source the last synth loaded from outside amplify/, with its content hash then. */
interface TracedInput {
  file: string;
  sha256: string;
}

interface SynthCache {
  hash?: string;
  outDir?: string;
  inputs?: TracedInput[];
}

async function sha256Of(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether every traced input still has the content it had at the last synth. */
async function inputsUnchanged(inputs: TracedInput[]): Promise<boolean> {
  for (const input of inputs) if ((await sha256Of(input.file)) !== input.sha256) return false;
  return true;
}

/**
 * The files a synth read from outside amplify/ (whose own files are in the content hash):
 * modules the backend loaded (traced in the synth process) and the sources esbuild bundled
 * into function assets (their source maps list them). Dependencies in node_modules are
 * covered by the lockfile.
 */
async function tracedInputs(projectDir: string, traceFile: string, cdkOut: string): Promise<TracedInput[]> {
  const files = new Set<string>(existsSync(traceFile) ? (JSON.parse(await readFile(traceFile, 'utf8')) as string[]) : []);
  for (const entry of await readdir(cdkOut, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('asset.')) continue;
    for (const name of await readdir(path.join(cdkOut, entry.name))) {
      if (!name.endsWith('.map')) continue;
      const map = JSON.parse(await readFile(path.join(cdkOut, entry.name, name), 'utf8')) as { sources?: string[]; sourceRoot?: string };
      for (const source of map.sources ?? []) files.add(path.resolve(cdkOut, entry.name, map.sourceRoot ?? '', source));
    }
  }
  const amplifyDir = path.join(projectDir, 'amplify') + path.sep;
  const outside = [...files].filter((file) => !file.startsWith(amplifyDir) && !file.includes(`${path.sep}node_modules${path.sep}`)).sort();
  const inputs: TracedInput[] = [];
  for (const file of outside) {
    const sha256 = await sha256Of(file);
    if (sha256) inputs.push({ file, sha256 });
  }
  return inputs;
}

async function synthesizeUnlocked(options: SynthesizeOptions): Promise<SynthesisResult> {
  const started = performance.now();
  const projectDir = path.resolve(options.projectDir);
  const entry = locateBackendEntry(projectDir);
  if (!entry) {
    throw new SynthesisError(
      `No Amplify backend in ${projectDir}`,
      `amplify/backend.(${BACKEND_ENTRY_EXTENSIONS.map((ext) => ext.slice(1)).join('|')}) is missing.`,
      'Run in your Amplify project (the folder holding amplify/), or pass its directory.',
    );
  }
  const entryName = path.relative(projectDir, entry);
  const stateDir = path.join(projectDir, '.amplify', 'local');
  const outDir = options.outDir ?? path.join(stateDir, 'cdk.out');
  const context = sandboxContext(options.namespace ?? (await projectNamespace(projectDir)), options.backendName ?? 'local');
  const hash = await backendHash(projectDir, context);
  const cacheFile = path.join(path.dirname(outDir), CACHE_FILE);

  if (!options.force && existsSync(path.join(outDir, 'manifest.json')) && existsSync(cacheFile)) {
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as SynthCache;
    if (cache.hash === hash && cache.outDir === outDir && (await inputsUnchanged(cache.inputs ?? []))) {
      return { outDir, cached: true, hash, durationMs: performance.now() - started };
    }
  }

  await mkdir(stateDir, { recursive: true });
  const stagingDir = `${outDir}.staging`;
  const traceFile = path.join(stateDir, 'synth-trace.json');
  await rm(stagingDir, { recursive: true, force: true });
  await rm(traceFile, { force: true });
  options.onProgress?.(`synthesizing ${entryName}`);

  // The CLI's own tsx (the project need not have it), then the tracer (after tsx, so that
  // its hook sees what tsx resolved).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const tracer = new URL('./synth-trace.mjs', import.meta.url).href;
  const synth = run(process.execPath, ['--import', tsx, '--import', tracer, entry], {
    cwd: projectDir,
    env: {
      ...process.env,
      CDK_OUTDIR: stagingDir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      AMPLIFY_DISABLE_TELEMETRY: '1',
      FLARE_SYNTH_TRACE: traceFile,
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
      `Synthesis of ${entryName} failed`,
      summarizeCdkFailure(output),
      'Fix the error above in your backend definition and run again.',
    );
  }
  // Functions' index.js files are CommonJS on Lambda unless their own package.json says
  // otherwise: nothing above the asset may make them ES modules (see lambdaPackageScope).
  await writeFile(path.join(stagingDir, 'package.json'), LAMBDA_PACKAGE_SCOPE);

  const inputs = await tracedInputs(projectDir, traceFile, stagingDir);
  await rm(outDir, { recursive: true, force: true });
  await rename(stagingDir, outDir);
  await writeFile(cacheFile, JSON.stringify({ hash, outDir, inputs, at: new Date().toISOString() } satisfies SynthCache & { at: string }, null, 2));
  const result: SynthesisResult = { outDir, cached: false, hash, durationMs: performance.now() - started };
  if (options.typeCheck === 'after') result.typeCheck = typeCheckBackend(projectDir);
  return result;
}

/**
 * The package.json written at the root of a synthesized cloud assembly. On Lambda an
 * asset is the whole file system its code sees: an `index.js` with no package.json of its
 * own is CommonJS (with Node's ES-syntax detection where the runtime has it), whatever
 * the project's package.json says. This file ends the package scope at the assembly, so
 * that the project's `"type": "module"` does not reach the assets; it has no `type`, which
 * is what Lambda's file system looks like to Node.
 */
const LAMBDA_PACKAGE_SCOPE = `${JSON.stringify({ private: true, description: 'Ends the package scope: assets load as they do on Lambda (flare-local).' }, null, 2)}\n`;
