import { existsSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../reporter';
import type { ServiceContext } from '../../service';
import type { FunctionPool } from '../function-pool';
import { AmplifyFunctionBundler, loadAmplifyShims, loadEsbuild, type AmplifyShims } from './amplify-bundler';
import { bundleSources, entryOf } from './sources';

/** Editors save in bursts (write, rename, chmod): wait this long for the burst to end. */
const DEBOUNCE_MS = 20;

interface Watched {
  pool: FunctionPool;
  entry: string;
  minify: boolean;
  /** Project files the current bundle was built from. */
  inputs: Set<string>;
  bundler?: AmplifyFunctionBundler;
  builds: number;
  /** A rebuild in progress, and whether another change arrived meanwhile. */
  building?: Promise<void>;
  again: boolean;
}

/**
 * Hot reload of Amplify functions: watches `amplify/` while the local cloud runs, and
 * when a file that a function's bundle was built from changes, rebuilds that bundle the
 * way Amplify builds it (see AmplifyFunctionBundler) into `.amplify/local/cache/lambda`,
 * then swaps it in for new invocations. No re-synth: environment, role and settings stay
 * those of the synthesized assembly.
 * @example
 * const reloader = new HotReloader(context, pools);
 * await reloader.start(); // logs "lambda:escalate reloaded (amplify/domain/escalation.ts) in 180 ms"
 */
export class HotReloader {
  private readonly watched: Watched[] = [];
  private readonly skipped: string[] = [];
  private watcher?: FSWatcher;
  private cacheDir?: string;
  private shims?: AmplifyShims;
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(
    private readonly context: ServiceContext,
    private readonly pools: FunctionPool[],
  ) {
    this.log = context.log;
  }

  async start(): Promise<void> {
    const amplifyDir = path.join(this.context.projectDir, 'amplify');
    if (!existsSync(amplifyDir)) return;
    for (const pool of this.pools) {
      const sources = bundleSources(pool.currentCodeDir, this.context.projectDir);
      if (!sources) continue;
      const own = sources.files.filter((file) => file.startsWith(amplifyDir + path.sep));
      if (own.length === 0) continue;
      const entry = entryOf(own, pool.config.friendlyName);
      if (!entry) {
        this.skipped.push(pool.config.displayName);
        this.log.warn(`hot reload: cannot tell which of ${own.length} sources is the entry of ${pool.config.displayName}; it reloads only on restart`);
        continue;
      }
      this.watched.push({ pool, entry, minify: sources.minified, inputs: new Set(sources.files), builds: 0, again: false });
    }
    if (this.watched.length === 0) return;
    try {
      this.shims = loadAmplifyShims(this.context.projectDir);
    } catch (error) {
      this.log.warn(`hot reload is off: @aws-amplify/backend-function is not installed in the project (${(error as Error).message})`);
      this.watched.length = 0;
      return;
    }
    this.watcher = watch(amplifyDir, { recursive: true }, (_event, file) => {
      if (!file) return;
      this.pending.add(path.join(amplifyDir, file.toString()));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    });
    this.watcher.on('error', (error) => this.log.warn(`hot reload watcher failed: ${error.message}`));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    await Promise.all(this.watched.map((item) => item.building));
    await Promise.all(this.watched.map((item) => item.bundler?.dispose()));
    if (this.cacheDir) await rm(this.cacheDir, { recursive: true, force: true });
  }

  /** Whether a change to `file` is taken care of here (it is a source of a watched function's bundle). */
  handles(file: string): boolean {
    return this.watched.some((item) => item.inputs.has(file));
  }

  summary(): string {
    if (this.watched.length === 0) return 'hot reload: no Amplify function sources found';
    return `hot reload: ${this.watched.length} function${this.watched.length === 1 ? '' : 's'} watched under amplify/${this.skipped.length ? ` (not: ${this.skipped.join(', ')})` : ''}`;
  }

  private flush(): void {
    const changed = [...this.pending];
    this.pending.clear();
    for (const item of this.watched) {
      const hits = changed.filter((file) => item.inputs.has(file));
      if (hits.length === 0) continue;
      if (item.building) {
        item.again = true;
        continue;
      }
      item.building = this.rebuild(item, hits).finally(() => {
        item.building = undefined;
        if (item.again) {
          item.again = false;
          item.building = this.rebuild(item, []).finally(() => (item.building = undefined));
        }
      });
    }
  }

  private async rebuild(item: Watched, changed: string[]): Promise<void> {
    const started = performance.now();
    const name = item.pool.config.displayName;
    const what = changed.map((file) => path.relative(this.context.projectDir, file)).join(', ') || 'further changes';
    try {
      this.cacheDir ??= await this.makeCacheDir();
      const outBase = path.join(this.cacheDir, item.pool.config.logicalId);
      item.bundler ??= await AmplifyFunctionBundler.create(loadEsbuild(this.context.projectDir), this.shims!, {
        entry: item.entry,
        runtime: item.pool.config.runtime,
        minify: item.minify,
        projectDir: this.context.projectDir,
        outBase,
      });
      const built = await item.bundler.build();
      const dir = path.join(outBase, String(++item.builds));
      await mkdir(dir, { recursive: true });
      await Promise.all(built.files.map((file) => writeFile(path.join(dir, file.name), file.contents)));
      item.inputs = new Set(built.inputs);
      item.pool.reload(dir);
      const ms = performance.now() - started;
      this.context.reporter.for(`lambda:${name}`).done(`reloaded (${what} changed) in ${ms.toFixed(0)} ms`);
    } catch (error) {
      const detail = (error as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors
        ?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
        .join('\n') ?? (error as Error).message;
      this.context.reporter.for(`lambda:${name}`).error(`reload failed (${what} changed); the previous code keeps running:\n${detail}`);
    }
  }

  /**
   * Builds live under the project (like the assembly's assets) so that what a bundle
   * leaves to the runtime (`@aws-sdk/client-ssm` in Amplify's banner) resolves from the
   * project's node_modules, as the Lambda runtime provides it on AWS.
   */
  private async makeCacheDir(): Promise<string> {
    const root = path.join(this.context.projectDir, '.amplify', 'local', 'cache', 'lambda');
    await mkdir(root, { recursive: true });
    return mkdtemp(path.join(root, 'run-'));
  }
}
