import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The npm registry's Node.js binary packages: `node-<platform>-<arch>@<major>`. */
const PLATFORMS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'win' };

/** What the cache records about a binary once it has been checked. */
interface VerifiedRuntime {
  package: string;
  version: string;
  /** The registry's integrity of the tarball the binary came from. */
  integrity: string;
  /** SHA-256 and size of the binary as installed, checked before each use. */
  sha256: string;
  size: number;
}

/** Which Node runs a function: a binary of its declared major, or this process's Node when that is impossible. */
export type NodeRuntime = { execPath: string; version: string; fallback?: undefined } | { execPath: string; version: string; fallback: string };

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function digest(file: string, algorithm: 'sha256' | 'sha512', encoding: 'hex' | 'base64'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest(encoding);
}

/** The default cache: `$FLARE_LOCAL_CACHE/node`, else the user's cache directory. */
export function defaultNodeCacheDir(): string {
  const base = process.env.FLARE_LOCAL_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'flare-local');
  return path.join(base, 'node');
}

/**
 * Node.js binaries by major version, for functions that declare `nodejs<major>.x`: this
 * process's Node when the major matches, else the npm registry's `node-<platform>-<arch>`
 * package of that major, fetched once with npm (which checks the registry's integrity),
 * checked again here (the tarball against the integrity npm reported, the binary's own
 * version), and kept in a cache whose entries are re-verified (SHA-256) before use.
 * When none can be had (no npm, no network and no cache, an unsupported platform), the
 * function runs on this process's Node, and the reason says why.
 * @example
 * const runtime = await new NodeRuntimes().forMajor(22);
 * fork(script, [], { execPath: runtime.execPath });
 */
export class NodeRuntimes {
  private readonly resolving = new Map<number, Promise<NodeRuntime>>();

  constructor(private readonly cacheDir = defaultNodeCacheDir()) {}

  forMajor(major: number): Promise<NodeRuntime> {
    let found = this.resolving.get(major);
    if (!found) {
      found = this.resolve(major);
      this.resolving.set(major, found);
    }
    return found;
  }

  private async resolve(major: number): Promise<NodeRuntime> {
    const host = { execPath: process.execPath, version: process.versions.node };
    if (Number(process.versions.node.split('.')[0]) === major) return host;
    const platform = PLATFORMS[process.platform];
    if (!platform) return { ...host, fallback: `no Node.js ${major} binary package is published for ${process.platform}` };
    const name = `node-${platform}-${process.arch}`;
    const dir = path.join(this.cacheDir, `${name}@${major}`);
    try {
      const cached = await this.verified(dir, major);
      if (cached) return cached;
      await this.fetch(name, major, dir);
      const fetched = await this.verified(dir, major);
      if (!fetched) throw new Error(`the binary fetched into ${dir} did not verify`);
      return fetched;
    } catch (error) {
      return { ...host, fallback: `Node.js ${major} could not be had from the npm registry (${(error as Error).message.split('\n')[0]})` };
    }
  }

  private binary(dir: string): string {
    return path.join(dir, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  }

  /** The cached runtime, when its record exists and the binary still matches it. */
  private async verified(dir: string, major: number): Promise<NodeRuntime | undefined> {
    const record = path.join(dir, 'verified.json');
    if (!existsSync(record)) return undefined;
    const verified = JSON.parse(await readFile(record, 'utf8')) as VerifiedRuntime;
    const binary = this.binary(dir);
    const info = await stat(binary).catch(() => undefined);
    if (!info || info.size !== verified.size || (await digest(binary, 'sha256', 'hex')) !== verified.sha256) return undefined;
    if (Number(verified.version.split('.')[0]) !== major) return undefined;
    return { execPath: binary, version: verified.version };
  }

  /** Fetches the package with npm into a staging directory, checks it, and moves it into place. */
  private async fetch(name: string, major: number, dir: string): Promise<void> {
    await mkdir(this.cacheDir, { recursive: true });
    const staging = await mkdtemp(path.join(this.cacheDir, `.${name}@${major}-`));
    try {
      const packed = await run('npm', ['pack', `${name}@${major}`, '--json', '--pack-destination', staging, '--loglevel=error'], staging);
      if (packed.code !== 0) throw new Error(`npm pack ${name}@${major} failed: ${packed.stderr.trim() || packed.stdout.trim()}`);
      const [info] = JSON.parse(packed.stdout) as { filename: string; version: string; integrity: string }[];
      const tarball = path.join(staging, info.filename);
      const [algorithm, expected] = info.integrity.split('-', 2);
      if (algorithm !== 'sha512' || (await digest(tarball, 'sha512', 'base64')) !== expected) {
        throw new Error(`${info.filename} does not match its registry integrity ${info.integrity}`);
      }
      const unpacked = await run('tar', ['-xzf', info.filename], staging);
      if (unpacked.code !== 0) throw new Error(`tar could not unpack ${info.filename}: ${unpacked.stderr.trim()}`);
      const binary = this.binary(staging);
      const version = await run(binary, ['-p', 'process.versions.node'], staging);
      if (version.code !== 0 || version.stdout.trim() !== info.version) {
        throw new Error(`${binary} reports ${JSON.stringify(version.stdout.trim() || version.stderr.trim())}, not ${info.version}`);
      }
      await rm(tarball);
      const { size } = await stat(binary);
      const record: VerifiedRuntime = { package: `${name}@${info.version}`, version: info.version, integrity: info.integrity, sha256: await digest(binary, 'sha256', 'hex'), size };
      await writeFile(path.join(staging, 'verified.json'), `${JSON.stringify(record, null, 2)}\n`);
      await rm(dir, { recursive: true, force: true });
      // Another process may have put the same runtime in place meanwhile: either copy is good.
      await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
}
