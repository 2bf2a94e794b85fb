import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CloudAssembly } from './assembly';
import { synthesize } from './assembly/synthesize';
import { accessFromEnvironment, DEFAULT_EDGE_PORT, EdgeServer } from './edge';
import { mountConsole, CONSOLE_PATH, RecentRecords, ResetUnavailableError } from './console';
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
  /** Services to run; default all of them. A factory lets `reset()` start fresh ones. */
  services?: LocalService[] | (() => LocalService[]);
  /**
   * The console at `/_flare/console` (default: served built, built on first use). `hotReload`
   * serves its sources through Vite instead (`npm run dev`); `false` leaves it out.
   */
  console?: false | { hotReload?: boolean };
  /**
   * Host names the edge answers beside loopback's (`127.0.0.1`, `localhost`, `[::1]`), e.g. a
   * name in /etc/hosts; `*.name` allows its subdomains. Added to `FLARE_ALLOW_HOSTS`. Pages
   * served from these hosts may call the edge too.
   */
  allowHosts?: readonly string[];
  /** Web origins (`https://app.example.test`) granted CORS beside loopback's. Added to `FLARE_ALLOW_ORIGINS`. */
  allowOrigins?: readonly string[];
}

export interface LocalCloud {
  endpoint: string;
  outputs: ClientConfig;
  assembly: CloudAssembly;
  services: ServiceRegistry;
  stateDir?: string;
  /** Resource types present in the assembly that no local service runs, with counts. */
  notRun: Map<string, number>;
  /** The console's URL, when it is served. */
  consoleUrl?: string;
  /**
   * Stops every service, empties the state except the ids (so endpoints, pool ids and
   * amplify_outputs.json stay valid) and starts the services again. `services` is then a
   * new registry. Throws when the services were given as instances (they cannot start twice).
   */
  reset(): Promise<void>;
  /** The local account's root credentials: scripts and seeds may do anything with them. */
  rootCredentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** The state a reset keeps: the seed of the physical ids (see idSeed). */
const KEPT_ON_RESET = ['cloud'];

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
  const fromEnvironment = accessFromEnvironment();
  const edge = new EdgeServer(reporter, {
    access: {
      allowHosts: [...(options.allowHosts ?? []), ...fromEnvironment.allowHosts],
      allowOrigins: [...(options.allowOrigins ?? []), ...fromEnvironment.allowOrigins],
    },
  });
  edge.holdUntilReady();
  let endpoint: string;
  try {
    endpoint = await edge.listen(options.port ?? DEFAULT_EDGE_PORT);
  } catch (error) {
    await store.close();
    throw error;
  }
  // Kept from before the services start: their start-up warnings are what the console shows first.
  const recent = new RecentRecords();
  const unsubscribe = reporter.subscribe(recent.sink);
  let started: LocalService[] = [];
  let unmountConsole: (() => Promise<void>) | undefined;
  const stopServices = async () => {
    for (const service of [...started].reverse()) {
      try {
        await service.stop();
      } catch (error) {
        reporter.for(service.name).error(`failed to stop: ${(error as Error).message}`);
      }
    }
    started = [];
  };
  const stop = async () => {
    await stopServices();
    await unmountConsole?.();
    unsubscribe();
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
    const createServices = typeof options.services === 'function' ? options.services : options.services ? undefined : defaultServices;
    const services = createServices?.() ?? (options.services as LocalService[]);
    const claimed = new Set(services.flatMap((service) => service.resourceTypes));
    const notRun = new Map<string, number>();
    for (const resource of assembly.resources()) {
      if (claimed.has(resource.type) || PLUMBING_TYPES.has(resource.type)) continue;
      notRun.set(resource.type, (notRun.get(resource.type) ?? 0) + 1);
    }

    const startServices = async (list: LocalService[]): Promise<ServiceRegistry> => {
      const registry = new ServiceRegistry();
      for (const service of list) {
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
      return registry;
    };

    const cloud: LocalCloud = {
      endpoint,
      outputs: undefined as unknown as ClientConfig,
      assembly,
      services: new ServiceRegistry(),
      stateDir,
      notRun,
      stop,
      get rootCredentials() {
        const iam = cloud.services.find<IamService>('iam');
        // Without IAM nothing checks credentials, so there are no root keys to hand out: a caller
        // that asks is told so, rather than given keys that only look like they were checked.
        if (!iam) throw new Error('rootCredentials: this local cloud runs without the iam service, so it has no root credentials (start it with iam among its services)');
        return { accessKeyId: iam.rootCredentials.accessKeyId, secretAccessKey: iam.rootCredentials.secretAccessKey };
      },
      async reset() {
        if (!createServices) throw new ResetUnavailableError();
        reporter.for('local').info('resetting: stopping services, emptying the state…');
        // Requests that arrive meanwhile wait for the new services, as at start.
        edge.holdUntilReady();
        try {
          await stopServices();
          edge.removeRoutesSince(checkpoint);
          await store.clear(KEPT_ON_RESET);
          cloud.services = await startServices(createServices());
          for (const service of started) service.ready?.();
        } finally {
          edge.ready();
        }
        reporter.for('local').done('reset: every service started again with empty state');
      },
    };
    if (options.console !== false) {
      const mounted = await mountConsole({ edge, endpoint, projectDir, assembly, stateDir, notRun, recent, services: () => cloud.services, reset: () => cloud.reset(), log: reporter.for('console') }, options.console ?? {});
      unmountConsole = mounted.unmount;
      cloud.consoleUrl = `${endpoint}${CONSOLE_PATH}/`;
    }
    // Routes registered from here on belong to the services: a reset removes and re-registers them.
    const checkpoint = edge.routeCheckpoint();
    cloud.services = await startServices(services);

    edge.ready();
    // The API ids let local/client send requests for the APIs' AWS URLs (which the outputs carry) to the edge.
    const apiGatewayIds = assembly.ofType('AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api').map((api) => api.ref());
    const local = { endpoint, region: LOCAL_ACCOUNT.region, ...(apiGatewayIds.length > 0 && { apiGatewayIds }) };
    // Outputs depend on the ids seeded in the state directory: cache them only there.
    cloud.outputs = stateDir ? await buildOutputsCached(assembly, local, path.join(localDir, 'outputs-cache')) : await buildOutputs(assembly, local);
    if (options.outputsFile !== false) {
      if (options.outputsFile) await mkdir(path.dirname(options.outputsFile), { recursive: true });
      await writeOutputs(options.outputsFile ?? path.join(projectDir, 'amplify_outputs.json'), cloud.outputs);
    }
    for (const service of started) service.ready?.();
    return cloud;
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
  if (cloud.consoleUrl) lines.push(`  Console: ${cloud.consoleUrl}`);
  return lines.join('\n');
}

export { Reporter, type Logger, type LogRecord } from './reporter';
export { stopOnSignals, STOP_GRACE_MS } from './shutdown';
export type { LocalService, ServiceContext } from './service';
export { synthesize, SynthesisError, type SynthesisResult } from './assembly/synthesize';
export { EdgePortInUseError } from './edge';
