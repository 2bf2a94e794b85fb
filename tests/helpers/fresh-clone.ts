/**
 * A newcomer's checkout: the repository's files as `git clone` gives them (the working tree's
 * tracked and unignored files, so uncommitted work is included), with no amplify_outputs.json
 * and no .amplify/. node_modules is hard-linked from this checkout (copied where links cannot
 * cross file systems) so that the clone need not run `npm ci`; everything else starts cold.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FreshClone {
  dir: string;
  remove(): Promise<void>;
}

/** Files `git clone` would check out, read from the working tree. */
function cloneableFiles(repo: string): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
  const deleted = new Set(execFileSync('git', ['ls-files', '-z', '--deleted'], { cwd: repo, encoding: 'utf8' }).split('\0'));
  return [...new Set(listed.split('\0'))].filter((file) => file && !deleted.has(file));
}

async function linkTree(from: string, to: string): Promise<void> {
  try {
    execFileSync('cp', ['-al', from, to]);
  } catch {
    // Another file system (EXDEV): a real copy.
    await cp(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Makes a fresh clone of `repo` in a temporary folder.
 * @example
 * const clone = await freshClone(process.cwd());
 */
export async function freshClone(repo: string): Promise<FreshClone> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flare-fresh-clone-'));
  for (const file of cloneableFiles(repo)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await copyFile(path.join(repo, file), path.join(dir, file));
  }
  await linkTree(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  // The clone gets its own Vite cache and its own install stamp (never written through a link).
  await rm(path.join(dir, 'node_modules', '.vite'), { recursive: true, force: true });
  const stamp = path.join(dir, 'node_modules', '.flare-lock-hash');
  await rm(stamp, { force: true });
  await writeFile(stamp, createHash('sha256').update(await readFile(path.join(dir, 'package-lock.json'))).digest('hex'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface DevProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr, colours removed). */
  output(): string;
  /** Resolves with the output once `pattern` has been printed; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Ctrl-C to the whole process group, as a terminal sends it; resolves when npm has exited. */
  stop(): Promise<void>;
}

/**
 * Runs an npm script in `dir` as a user would in a terminal (its own process group).
 * @example
 * const dev = runNpm(clone.dir, ['run', 'dev', '--', '--port', '4599']);
 */
export function runNpm(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): DevProcess {
  const child = spawn('npm', args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let seen = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    // eslint-disable-next-line no-control-regex
    seen += chunk.toString().replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    output: () => seen,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(seen)) {
            cleanup();
            resolve(seen);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`npm ${args.join(' ')} did not print ${pattern} within ${timeoutMs / 1000} s; it printed:\n${seen}`));
        }, timeoutMs);
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`npm ${args.join(' ')} exited (${code}) before printing ${pattern}; it printed:\n${seen}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
        };
        waiters.add(check);
        child.on('exit', onExit);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, 'SIGINT');
      const timeout = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
