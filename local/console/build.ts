import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../reporter';

/** The console's folder: its Vite config, its browser sources (`web/`) and its builds (`dist/`). */
export const CONSOLE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CONSOLE_VITE_CONFIG = path.join(CONSOLE_DIR, 'vite.config.ts');
const WEB_DIR = path.join(CONSOLE_DIR, 'web');
const DIST_DIR = path.join(CONSOLE_DIR, 'dist');
/** The packed flare-local ships the console built (cli/build.mjs), beside its bundle: `console/`. */
const PREBUILT_DIR = path.join(CONSOLE_DIR, 'console');
/** Builds kept besides the current one (another checkout's or a previous version's). */
const KEPT_BUILDS = 2;

/**
 * The built console for the current sources: `dist/<hash>/`, built now (a few seconds, once)
 * when that build is missing. The hash covers the browser sources, the Vite config and the
 * lockfile, so a change to any of them builds again. Concurrent callers, in this process or
 * another, each end with a complete build: a build is written aside and renamed into place.
 */
export async function ensureConsoleBuilt(log: Logger): Promise<string> {
  // Installed from the package: no sources to build from, the build it ships.
  if (!existsSync(WEB_DIR)) {
    if (existsSync(path.join(PREBUILT_DIR, 'index.html'))) return PREBUILT_DIR;
    throw new Error(`The console is neither built (${PREBUILT_DIR}) nor present as sources (${WEB_DIR}): reinstall flare-local`);
  }
  const hash = await consoleSourceHash();
  const target = path.join(DIST_DIR, hash);
  if (existsSync(path.join(target, 'index.html'))) return target;
  const started = performance.now();
  log.info('building the console (once per change of its sources)…');
  const temporary = path.join(DIST_DIR, `.build-${process.pid}-${Date.now()}`);
  await mkdir(DIST_DIR, { recursive: true });
  try {
    await runViteBuild(temporary);
    try {
      await rename(temporary, target);
    } catch (error) {
      // Another process finished the same build first: theirs is as good.
      if (!existsSync(path.join(target, 'index.html'))) throw error;
    }
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  log.done(`console built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await pruneBuilds(hash);
  return target;
}

async function runViteBuild(outDir: string): Promise<void> {
  let viteBin: string;
  try {
    viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('The console is not built and Vite is not installed to build it: run `npm install` in the project');
  }
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--config', CONSOLE_VITE_CONFIG, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: CONSOLE_DIR,
      // A production build whatever the caller's NODE_ENV (vitest sets `test`, which would build React for development).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`Building the console failed (vite build exited ${code}):\n${output.join('')}`);
}

/** SHA-256 over the console’s browser sources, its Vite config and the lockfile above it. */
export async function consoleSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = [CONSOLE_VITE_CONFIG, ...(await filesUnder(WEB_DIR))];
  const lockfile = findLockfile();
  if (lockfile) files.push(lockfile);
  for (const file of files) {
    hash.update(path.relative(CONSOLE_DIR, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function findLockfile(): string | undefined {
  for (let dir = CONSOLE_DIR; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package-lock.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Removes all but the newest builds (and the current one). */
async function pruneBuilds(current: string): Promise<void> {
  const builds = (await readdir(DIST_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory() && entry.name !== current && !entry.name.startsWith('.'));
  const dated = await Promise.all(builds.map(async (entry) => ({ name: entry.name, time: (await stat(path.join(DIST_DIR, entry.name))).mtimeMs })));
  dated.sort((a, b) => b.time - a.time);
  await Promise.all(dated.slice(KEPT_BUILDS).map((build) => rm(path.join(DIST_DIR, build.name), { recursive: true, force: true })));
}
