/**
 * flare-local as a Gen 2 user gets it: its real `npm pack` tarball, installed with npm
 * into a project folder outside this repository, beside Amplify's own backend packages
 * (tests/fixtures/gen2/workspace). Fixture backends are copied into that folder and run
 * with the installed `flare-local` command.
 *
 * Packing and installing cost minutes, so both are done once and shared by every test
 * file and run: the tarball is kept under the content hash of local/, the install under
 * the hash of the tarball and the workspace's lockfile, in the system temp directory.
 * A lock directory keeps concurrent test processes from building the same thing twice.
 */
import { InvokeCommand, ListFunctionsCommand, ListTagsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const LOCAL = path.join(REPO, 'local');
const WORKSPACE = path.join(REPO, 'tests', 'fixtures', 'gen2', 'workspace');
const CACHE = path.join(os.tmpdir(), 'flare-local-packed');

function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string, skip: Set<string>): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, skip));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `build` unless `target` exists, under a lock; `build` writes into the staging path it is given. */
async function buildOnce(target: string, build: (staging: string) => Promise<void> | void): Promise<string> {
  if (existsSync(target)) return target;
  mkdirSync(path.dirname(target), { recursive: true });
  const lock = `${target}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(existsSync(path.join(lock, 'pid')) ? readFileSync(path.join(lock, 'pid'), 'utf8') : 'NaN');
      if (Number.isInteger(owner) && !isAlive(owner)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (existsSync(target)) return target;
    const staging = `${target}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    await build(staging);
    renameSync(staging, target);
    return target;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * The packed tarball of local/ (`npm pack`, which builds dist/ through prepack). Packed from
 * a copy, so that the repository's local/ never holds a dist/ that its own bin would run.
 */
export async function packedTarball(): Promise<string> {
  const files = filesUnder(LOCAL, new Set(['node_modules', 'dist']));
  const key = sha256(...files.flatMap((file) => [path.relative(LOCAL, file), readFileSync(file)]));
  const dir = await buildOnce(path.join(CACHE, `tarball-${key}`), (staging) => {
    const source = path.join(staging, 'source');
    cpSync(LOCAL, source, { recursive: true, filter: (file) => !/[\\/](node_modules|dist)$/.test(file) });
    // The build's tools (esbuild, TypeScript) come from the repository's install.
    symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    run('npm', ['pack', '--pack-destination', staging, '--silent'], source);
    rmSync(source, { recursive: true, force: true });
  });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${dir}`);
  return path.join(dir, tarball);
}

export interface PackedInstall {
  /** The project folder (outside this repository) holding node_modules. */
  dir: string;
  tarball: string;
  /** The installed `flare-local` command (node_modules/.bin/flare-local). */
  bin: string;
  /** The installed package's directory. */
  packageDir: string;
}

/**
 * The workspace of tests/fixtures/gen2/workspace installed with `npm ci` (its lockfile pins
 * Amplify's packages): done once per lockfile, the slow part.
 */
async function workspaceInstall(): Promise<string> {
  const manifest = readFileSync(path.join(WORKSPACE, 'package.json'));
  const lock = readFileSync(path.join(WORKSPACE, 'package-lock.json'));
  return buildOnce(path.join(CACHE, `workspace-${sha256(manifest, lock)}`), (staging) => {
    mkdirSync(staging, { recursive: true });
    writeFileSync(path.join(staging, 'package.json'), manifest);
    writeFileSync(path.join(staging, 'package-lock.json'), lock);
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], staging);
  });
}

/**
 * A project outside this repository with the workspace's packages (hard links to one
 * `npm ci` of it) and the tarball installed into it as a user would
 * (`npm install ./flare-local-x.tgz`): flare-local's own dependencies come from the npm
 * cache or the registry.
 */
export async function packedInstall(): Promise<PackedInstall> {
  const tarball = await packedTarball();
  const workspace = await workspaceInstall();
  const dir = await buildOnce(path.join(CACHE, `install-${sha256(readFileSync(tarball), workspace)}`), (staging) => {
    mkdirSync(staging, { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(workspace, file), path.join(staging, file));
    run('cp', ['-al', path.join(workspace, 'node_modules'), path.join(staging, 'node_modules')], staging);
    cpSync(tarball, path.join(staging, path.basename(tarball)));
    run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `./${path.basename(tarball)}`], staging);
  });
  const packageDir = path.join(dir, 'node_modules', 'flare-local');
  if (!existsSync(path.join(packageDir, 'dist', 'cli.mjs'))) throw new Error(`flare-local is not installed (from its tarball) in ${dir}`);
  return { dir, tarball, bin: path.join(dir, 'node_modules', '.bin', 'flare-local'), packageDir };
}

/**
 * Copies the fixture backend tests/fixtures/gen2/<name> into the install's projects/<name>
 * (kept between runs, so that its synth cache stays warm) and returns its directory.
 */
export function fixtureProject(install: PackedInstall, name: string): string {
  const source = path.join(REPO, 'tests', 'fixtures', 'gen2', name);
  if (!existsSync(path.join(source, 'amplify'))) throw new Error(`No fixture backend tests/fixtures/gen2/${name}`);
  const project = path.join(install.dir, 'projects', name);
  // Files the fixture no longer has must go too; .amplify/ (synth cache, state) stays.
  for (const entry of existsSync(project) ? readdirSync(project) : []) {
    if (entry !== '.amplify') rmSync(path.join(project, entry), { recursive: true, force: true });
  }
  cpSync(source, project, { recursive: true });
  return project;
}

export interface RunningCli {
  endpoint: string;
  outputs: Record<string, any>;
  /** Everything the command printed so far (stderr and stdout). */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts `flare-local` (the installed command) in a fixture project on a free port, state
 * in memory, amplify_outputs.json in a folder of its own; resolves once it is ready.
 * @example
 * const cli = await startPackedCli(install, project);
 * Amplify.configure(withLocalCloud(cli.outputs));
 */
export async function startPackedCli(install: PackedInstall, project: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  const outDir = path.join(os.tmpdir(), `flare-local-outputs-${randomUUID()}`);
  mkdirSync(outDir);
  const child: ChildProcess = spawn(install.bin, ['--port', '0', '--in-memory', '--no-watch', '--outputs-out-dir', outDir, ...args], {
    cwd: project,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready in [\d.]+ s/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`flare-local exited (${code}) before it was ready:\n${output}`)));
  });
  const outputs = JSON.parse(readFileSync(path.join(outDir, 'amplify_outputs.json'), 'utf8')) as Record<string, any>;
  return {
    endpoint: outputs.custom.local.endpoint as string,
    outputs,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      rmSync(outDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** The installed package's client adapter (`flare-local/client`), as an app imports it. */
export async function packedClient(install: PackedInstall): Promise<typeof import('../../local/client')> {
  return (await import(path.join(install.packageDir, 'dist', 'client.mjs'))) as typeof import('../../local/client');
}

/**
 * Invokes a function of a running backend by its Amplify friendly name (the
 * `amplify:friendly-name` tag), else the first whose name contains `friendly`; its payload.
 * @example
 * await invokeFunction(lambda, 'archive', { name: 'weekly.txt' });
 */
export async function invokeFunction(lambda: LambdaClient, friendly: string, event: unknown = {}): Promise<Record<string, unknown>> {
  const { Functions = [] } = await lambda.send(new ListFunctionsCommand({}));
  let name: string | undefined;
  for (const fn of Functions) {
    const { Tags = {} } = await lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn! }));
    if (Tags['amplify:friendly-name'] === friendly || fn.FunctionName!.includes(friendly)) name = fn.FunctionName!;
    if (name) break;
  }
  if (!name) throw new Error(`no function ${friendly}: ${Functions.map((fn) => fn.FunctionName).join(', ')}`);
  const result = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }));
  const payload = JSON.parse(Buffer.from(result.Payload!).toString()) as Record<string, unknown>;
  if (result.FunctionError) throw new Error(`${friendly} failed: ${JSON.stringify(payload)}`);
  return payload;
}
