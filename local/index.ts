import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CloudAssembly } from './assembly';
import { synthesize } from './assembly/synthesize';
import { DEFAULT_EDGE_PORT, EdgeServer } from './edge';
import { buildOutputs, buildOutputsCached, writeOutputs, type ClientConfig } from './outputs';
import { Reporter } from './reporter';
import { ServiceRegistry, type LocalService, type ServiceContext } from './service';
import { defaultServices } from './services';
import { LOCAL_ACCOUNT } from './assembly/template';
import type { IamService } from './iam/types';
import { savedParameters, secretFetcherAttributes } from './ssm/secret-fetcher';
import { StateStore } from './state';

export interface LocalCloudOptions {
  /** The Amplify project (holds `amplify/` and `.amplify/`). */
  projectDir: string;
  /** Edge port; 0 picks a free one. Default 4566. */
  port?: number;
  /** State directory; default `<projectDir>/.amplify/local/state`. */
  stateDir?: string;
  /** Keep nothing on disk. */
  inMemory?: boolean;
  /** Wipe the state directory first. */
  reset?: boolean;
  /** Cloud assembly directory; default `<projectDir>/.amplify/local/cdk.out`. */
  cdkOut?: string;
  /** Synthesize first when the cache is stale (default true). */
  synth?: boolean;
  /** Where to write amplify_outputs.json; `false` writes nothing. Default `<projectDir>/amplify_outputs.json`. */
  outputsFile?: string | false;
  reporter?: Reporter;
  /** Services to run; default all of them. */
  services?: LocalService[];
}

export interface LocalCloud {
  endpoint: string;
  outputs: ClientConfig;
  assembly: CloudAssembly;
  services: ServiceRegistry;
  stateDir?: string;
  /** Resource types present in the assembly that no local service runs, with counts. */
  notRun: Map<string, number>;
  /** The local account's root credentials: scripts and seeds may do anything with them. */
  rootCredentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** Types that describe deployment plumbing rather than something to run. */
const PLUMBING_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::CDK::Metadata']);

/** The seed of the local physical ids: kept with the state, so ids (and what they name) survive restarts. */
async function idSeed(store: StateStore): Promise<string> {
  const state = store.service('cloud');
  const ids = await state.collection<string>('ids', { version: 1 });
  // Before the state store, the seed lay in <state>/ids.json.
  const legacy = await state.legacyJson<{ seed: string }>('../ids.json');
  if (legacy) {
    await ids.put('seed', legacy.value.seed);
    await legacy.remove();
  }
  if (!ids.has('seed')) await ids.put('seed', randomBytes(16).toString('hex'));
  return ids.get('seed')!;
}

/**
 * The id seed the local cloud will use with `stateDir` without starting it (`flare-local
 * outputs`): read from the state, or made and kept there now, so that the next start
 * gives the same ids. Without a state directory, new ids.
 */
export async function localIdSeed(stateDir: string | undefined, reporter: Reporter): Promise<string> {
  if (!stateDir) return randomBytes(16).toString('hex');
  if (existsSync(stateDir)) {
    const ids = await StateStore.readOnly(stateDir, reporter).service('cloud').collection<string>('ids', { version: 1 });
    const seed = ids.get('seed');
    if (seed) return seed;
  }
  const store = await StateStore.open({ dir: stateDir, reporter });
  try {
    return await idSeed(store);
  } finally {
    await store.close();
  }
}

/**
 * Starts the local cloud for a project: synthesizes if needed, loads the cloud
 * assembly, starts every service on one loopback endpoint and writes
 * amplify_outputs.json.
 * @example
 * const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, outputsFile: false });
 * console.log(cloud.endpoint); // http://127.0.0.1:53122
 * await cloud.stop();
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const projectDir = path.resolve(options.projectDir);
  const reporter = options.reporter ?? new Reporter();
  const log = reporter.for('local');
  const localDir = path.join(projectDir, '.amplify', 'local');
  const stateDir = options.inMemory ? undefined : path.resolve(options.stateDir ?? path.join(localDir, 'state'));

  const cdkOut = options.cdkOut ?? path.join(localDir, 'cdk.out');
  if (options.synth !== false && !options.cdkOut) {
    const synth = await synthesize({ projectDir, onProgress: (message) => log.info(`${message}…`) });
    if (!synth.cached) log.done(`synthesized in ${(synth.durationMs / 1000).toFixed(1)} s`);
  }

  // The store first: it refuses a state directory another process holds before anything starts.
  const store = await StateStore.open({ dir: stateDir, reset: options.reset, reporter });
  const edge = new EdgeServer(reporter);
  edge.holdUntilReady();
  let endpoint: string;
  try {
    endpoint = await edge.listen(options.port ?? DEFAULT_EDGE_PORT);
  } catch (error) {
    await store.close();
    throw error;
  }
  const started: LocalService[] = [];
  const registry = new ServiceRegistry();
  const stop = async () => {
    for (const service of [...started].reverse()) {
      try {
        await service.stop();
      } catch (error) {
        reporter.for(service.name).error(`failed to stop: ${(error as Error).message}`);
      }
    }
    await edge.close();
    await store.close();
  };

  try {
    await store.announce(endpoint);
    // Secrets are configuration, not state: with --in-memory the project's state directory's are still read.
    const parameters = await savedParameters(stateDir ?? path.join(localDir, 'state'), reporter);
    const assembly = CloudAssembly.load({ dir: cdkOut, endpoint, seed: await idSeed(store), attributes: secretFetcherAttributes(parameters) });
    assembly.rootOutputs(); // evaluated now so that an output that cannot be is named with the rest
    for (const disabled of assembly.disabled.values()) {
      log.warn(`${disabled.cdkPath} (${disabled.type}) does not run: ${disabled.reason}${disabled.resolution ? `. ${disabled.resolution}` : ''}`);
    }
    const services = options.services ?? defaultServices();
    const claimed = new Set(services.flatMap((service) => service.resourceTypes));
    const notRun = new Map<string, number>();
    for (const resource of assembly.resources()) {
      if (claimed.has(resource.type) || PLUMBING_TYPES.has(resource.type)) continue;
      notRun.set(resource.type, (notRun.get(resource.type) ?? 0) + 1);
    }

    for (const service of services) {
      const context: ServiceContext = {
        assembly,
        edge,
        endpoint,
        state: store.service(service.name),
        reporter,
        log: reporter.for(service.name),
        services: registry,
        projectDir,
      };
      await service.start(context);
      started.push(service);
      registry.add(service);
    }

    edge.ready();
    const local = { endpoint, region: LOCAL_ACCOUNT.region };
    // Outputs depend on the ids seeded in the state directory: cache them only there.
    const outputs = stateDir ? await buildOutputsCached(assembly, local, path.join(localDir, 'outputs-cache')) : await buildOutputs(assembly, local);
    if (options.outputsFile !== false) {
      if (options.outputsFile) await mkdir(path.dirname(options.outputsFile), { recursive: true });
      await writeOutputs(options.outputsFile ?? path.join(projectDir, 'amplify_outputs.json'), outputs);
    }
    const iam = registry.find<IamService>('iam');
    const rootCredentials = iam
      ? { accessKeyId: iam.rootCredentials.accessKeyId, secretAccessKey: iam.rootCredentials.secretAccessKey }
      : { accessKeyId: 'test', secretAccessKey: 'test' };
    return { endpoint, outputs, assembly, services: registry, stateDir, notRun, rootCredentials, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The start-up table: endpoint, what runs, and what does not (grouped, counted). */
export function describeLocalCloud(cloud: LocalCloud): string {
  const lines = [`Local cloud ready at ${cloud.endpoint}`, ''];
  const width = Math.max(...cloud.services.all().map((s) => s.name.length), 8);
  for (const service of cloud.services.all()) {
    lines.push(`  ${service.name.padEnd(width)}  ${service.summary?.() ?? 'running'}`);
  }
  if (cloud.assembly.disabled.size > 0) {
    lines.push('', '  Disabled (cannot be resolved locally; the warnings above say why):');
    for (const disabled of cloud.assembly.disabled.values()) lines.push(`    ${disabled.cdkPath} (${disabled.type})`);
  }
  if (cloud.notRun.size > 0) {
    lines.push('', '  Not run locally (present in the assembly, no local service runs them):');
    for (const [type, count] of [...cloud.notRun.entries()].sort()) lines.push(`    ${type} ×${count}`);
  }
  lines.push('', `  State: ${cloud.stateDir ?? 'in memory (nothing kept)'}`);
  return lines.join('\n');
}

export { Reporter, type Logger, type LogRecord } from './reporter';
export type { LocalService, ServiceContext } from './service';
export { synthesize, SynthesisError, type SynthesisResult } from './assembly/synthesize';
export { EdgePortInUseError } from './edge';
