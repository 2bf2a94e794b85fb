import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { generateClientConfig } from '@aws-amplify/client-config';
import { createRequire } from 'node:module';
import type { CloudAssembly } from '../assembly';
import { AssemblyError } from '../assembly';

const require = createRequire(import.meta.url);

/** What `custom.local` in amplify_outputs.json says about the local cloud. */
export interface LocalOutputs {
  endpoint: string;
  region: string;
  /** The ids of the backend's API Gateway APIs, whose AWS URLs local/client sends to the edge. */
  apiGatewayIds?: string[];
  /** Credentials for callers outside the backend (scripts, the AWS CLI): the local account's root. */
  rootCredentials?: { accessKeyId: string; secretAccessKey: string };
}

type ClientConfig = Awaited<ReturnType<typeof generateClientConfig<'1.4'>>> & { custom?: Record<string, unknown> };

/** A stand-in for the SDK clients `@aws-amplify/client-config` calls, answered from the assembly. */
function assemblyClients(assembly: CloudAssembly) {
  const root = assembly.roots[0];
  const cloudFormation = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      switch (command.constructor.name) {
        case 'GetTemplateSummaryCommand':
          return { Metadata: JSON.stringify(root.template.Metadata ?? {}) };
        case 'DescribeStacksCommand':
          return {
            Stacks: [
              {
                StackName: root.name,
                StackStatus: 'CREATE_COMPLETE',
                Outputs: Object.entries(assembly.rootOutputs()).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
              },
            ],
          };
        default:
          throw new AssemblyError(`client-config asked CloudFormation for ${command.constructor.name}, which the local outputs step does not answer`);
      }
    },
  };
  const s3 = {
    send: async (command: { constructor: { name: string }; input: { Bucket?: string; Key?: string } }) => {
      if (command.constructor.name !== 'GetObjectCommand') {
        throw new AssemblyError(`client-config asked S3 for ${command.constructor.name}, which the local outputs step does not answer`);
      }
      const file = deployedObjectPath(assembly, command.input.Bucket!, command.input.Key!);
      const body = readFileSync(file);
      return { Body: { transformToString: async () => body.toString('utf8') } };
    },
  };
  return {
    getCloudFormationClient: () => cloudFormation,
    getS3Client: () => s3,
    getAmplifyClient: () => ({
      send: async () => {
        throw new AssemblyError('client-config asked the Amplify service for an app: local outputs are generated for a stack, not a branch');
      },
    }),
  };
}

/**
 * The file a `Custom::CDKBucketDeployment` puts at `bucket/key`, read straight
 * from its asset (so outputs can be written before S3 starts).
 */
export function deployedObjectPath(assembly: CloudAssembly, bucket: string, key: string): string {
  for (const deployment of assembly.ofType('Custom::CDKBucketDeployment')) {
    const props = deployment.properties() as { DestinationBucketName?: string; DestinationBucketKeyPrefix?: string; SourceObjectKeys?: string[] };
    if (props.DestinationBucketName !== bucket) continue;
    const prefix = props.DestinationBucketKeyPrefix ?? '';
    if (!key.startsWith(prefix)) continue;
    for (const objectKey of props.SourceObjectKeys ?? []) {
      const candidate = path.join(assembly.assetPath(objectKey), key.slice(prefix.length));
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new AssemblyError(`No bucket deployment in the assembly puts s3://${bucket}/${key}`);
}

/**
 * Builds `amplify_outputs.json` for the local cloud through Amplify's own
 * `@aws-amplify/client-config`, fed the local stack's outputs, and adds
 * `custom.local`.
 * @example
 * const outputs = await buildOutputs(assembly, { endpoint, region: 'us-east-1' });
 */
export async function buildOutputs(assembly: CloudAssembly, local: LocalOutputs): Promise<ClientConfig> {
  const clients = assemblyClients(assembly);
  // Imported on demand: the package and its dependencies take over a second to load.
  const { generateClientConfig } = await import('@aws-amplify/client-config');
  const config = (await generateClientConfig(
    { stackName: assembly.roots[0].name },
    '1.4',
    clients as unknown as Parameters<typeof generateClientConfig>[2],
  )) as ClientConfig;
  return { ...config, custom: { ...(config.custom ?? {}), local } };
}

/**
 * `buildOutputs`, remembered in `cacheDir` by what the outputs are made of: the root
 * stack's evaluated outputs and metadata, the model schema they point at, and the
 * client-config version. An unchanged backend on an unchanged state directory starts
 * without loading client-config at all.
 */
export async function buildOutputsCached(assembly: CloudAssembly, local: LocalOutputs, cacheDir: string): Promise<ClientConfig> {
  const root = assembly.roots[0];
  const outputs = assembly.rootOutputs();
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ outputs, metadata: root.template.Metadata ?? {}, local }));
  const schemaUri = outputs.amplifyApiModelSchemaS3Uri;
  if (schemaUri?.startsWith('s3://')) {
    const [bucket, ...key] = schemaUri.slice('s3://'.length).split('/');
    hash.update(readFileSync(deployedObjectPath(assembly, bucket, key.join('/'))));
  }
  hash.update(clientConfigVersion());
  const file = path.join(cacheDir, `outputs-${hash.digest('hex').slice(0, 32)}.json`);
  if (existsSync(file)) {
    const now = new Date();
    // Marks the entry used, so pruning keeps it.
    await utimes(file, now, now);
    return JSON.parse(await readFile(file, 'utf8')) as ClientConfig;
  }
  const built = await buildOutputs(assembly, local);
  await mkdir(cacheDir, { recursive: true });
  await writeOutputs(file, built);
  await pruneOutputsCache(cacheDir, OUTPUTS_CACHE_ENTRIES);
  return built;
}

/** Cached outputs kept: one per backend × endpoint × ids, so a few per project (ports change between test runs). */
export const OUTPUTS_CACHE_ENTRIES = 16;

/** Deletes all but the `keep` most recently used cache entries. */
export async function pruneOutputsCache(cacheDir: string, keep: number): Promise<void> {
  const entries = await Promise.all(
    (await readdir(cacheDir))
      .filter((name) => name.startsWith('outputs-') && name.endsWith('.json'))
      .map((name) => path.join(cacheDir, name))
      // An entry another process pruned meanwhile sorts last (and its removal is a no-op).
      .map(async (file) => ({ file, used: (await stat(file).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  entries.sort((a, b) => b.used - a.used);
  await Promise.all(entries.slice(keep).map(({ file }) => rm(file, { force: true })));
}

/**
 * The installed client-config's version. Its package.json is not in the package's
 * `exports`, so it is found beside the resolved entry point rather than resolved.
 */
function clientConfigVersion(): string {
  for (let dir = path.dirname(require.resolve('@aws-amplify/client-config')); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (name === '@aws-amplify/client-config') return version;
  }
  throw new Error('Cannot find the package.json of @aws-amplify/client-config');
}

/** Writes the outputs atomically (a reader never sees half a file). */
export async function writeOutputs(file: string, outputs: ClientConfig): Promise<void> {
  // A temp name per write: two local clouds in one process may write the same file at once.
  const staging = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(staging, `${JSON.stringify(outputs, null, 2)}\n`);
    await rename(staging, file);
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
}

export type { ClientConfig };
