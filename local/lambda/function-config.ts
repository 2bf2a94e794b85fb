import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AssemblyResource, CloudAssembly } from '../assembly';
import { LOCAL_ACCOUNT } from '../assembly';

/** The tag Amplify puts on every function it defines (`defineFunction({ name })`). */
export const FRIENDLY_NAME_TAG = 'amplify:friendly-name';

/** Lambda's defaults when the template leaves a setting out. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/** Why a function of the assembly cannot run locally, or undefined when it can. */
export type NotRunnableReason = string | undefined;

/** One `AWS::Lambda::Function` of the assembly, as the local runner needs it. */
export interface FunctionConfig {
  logicalId: string;
  cdkPath: string;
  /** The physical name (`Ref`). */
  name: string;
  arn: string;
  /** `amplify:friendly-name`, when Amplify defined the function. */
  friendlyName?: string;
  /** What logs are tagged with: the friendly name when it is unique, else the name. */
  displayName: string;
  /** Declared runtime, e.g. `nodejs22.x`. */
  runtime: string;
  handler: string;
  /** Directory holding the code (the asset), when the code is available. */
  codeDir?: string;
  roleArn?: string;
  timeoutSeconds: number;
  memorySize: number;
  /** Synthesized `Environment.Variables`, evaluated. */
  environment: Record<string, string>;
  /** `ReservedConcurrentExecutions`; undefined means the account's unreserved pool. */
  reservedConcurrency?: number;
  layers: string[];
  tags: Record<string, string>;
  /** `TracingConfig.Mode`: `Active` records the invocation's segments; `PassThrough` (the default) only passes the trace header on. */
  tracing: 'Active' | 'PassThrough';
  notRunnable: NotRunnableReason;
}

/** Node.js runtimes run on this machine's Node; everything else is listed as not runnable. */
export function nodeRuntimeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

function tagsOf(properties: Record<string, unknown>): Record<string, string> {
  const tags = properties.Tags;
  if (!Array.isArray(tags)) return {};
  return Object.fromEntries(tags.map((tag: { Key: string; Value: unknown }) => [tag.Key, String(tag.Value)]));
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]));
}

/**
 * Where the function's code is: an asset directory (`Code.S3Key` names the asset
 * CDK publishes), or inline `Code.ZipFile` source written to `inlineDir`.
 */
function resolveCode(
  assembly: CloudAssembly,
  resource: AssemblyResource,
  properties: Record<string, unknown>,
  inlineDir: string | undefined,
): { codeDir?: string; problem?: string } {
  const code = (properties.Code ?? {}) as Record<string, unknown>;
  if (properties.PackageType === 'Image' || code.ImageUri) return { problem: 'container image functions are not run locally' };
  if (typeof code.ZipFile === 'string') {
    if (!inlineDir) return { problem: 'inline code needs a directory to be written to' };
    const dir = path.join(inlineDir, resource.logicalId);
    mkdirSync(dir, { recursive: true });
    // Lambda writes inline Node.js code to index.js.
    writeFileSync(path.join(dir, 'index.js'), code.ZipFile);
    return { codeDir: dir };
  }
  if (typeof code.S3Key === 'string') {
    try {
      return { codeDir: assembly.assetPath(code.S3Key) };
    } catch (error) {
      return { problem: `its code (s3://${String(code.S3Bucket)}/${code.S3Key}) is not an asset of the cloud assembly: ${(error as Error).message}` };
    }
  }
  return { problem: 'its Code names no asset the local cloud can read' };
}

/**
 * Every Lambda function of the assembly with evaluated properties.
 * @example
 * const functions = readFunctions(assembly, { inlineDir: '/tmp/inline' });
 * functions.filter((f) => !f.notRunnable).map((f) => f.displayName); // ['escalate', …]
 */
export function readFunctions(assembly: CloudAssembly, options: { inlineDir?: string } = {}): FunctionConfig[] {
  const resources = assembly.ofType('AWS::Lambda::Function');
  const configs = resources.map((resource): FunctionConfig => {
    const properties = resource.properties();
    const runtime = typeof properties.Runtime === 'string' ? properties.Runtime : '';
    const tags = tagsOf(properties);
    const name = resource.ref();
    const code = resolveCode(assembly, resource, properties, options.inlineDir);
    let notRunnable: NotRunnableReason;
    if (nodeRuntimeMajor(runtime) === undefined) notRunnable = runtime ? `runtime ${runtime} is not available locally (only Node.js runtimes run here)` : 'it declares no runtime';
    else notRunnable = code.problem;
    const environment = stringRecord((properties.Environment as { Variables?: unknown } | undefined)?.Variables);
    const reserved = properties.ReservedConcurrentExecutions;
    return {
      logicalId: resource.logicalId,
      cdkPath: resource.cdkPath,
      name,
      arn: `arn:aws:lambda:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:function:${name}`,
      friendlyName: tags[FRIENDLY_NAME_TAG],
      displayName: name,
      runtime,
      handler: typeof properties.Handler === 'string' ? properties.Handler : 'index.handler',
      codeDir: code.codeDir,
      roleArn: typeof properties.Role === 'string' ? properties.Role : undefined,
      timeoutSeconds: typeof properties.Timeout === 'number' ? properties.Timeout : Number(properties.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
      memorySize: typeof properties.MemorySize === 'number' ? properties.MemorySize : Number(properties.MemorySize ?? DEFAULT_MEMORY_MB),
      environment,
      reservedConcurrency: reserved === undefined ? undefined : Number(reserved),
      layers: Array.isArray(properties.Layers) ? properties.Layers.map(String) : [],
      tags,
      tracing: (properties.TracingConfig as { Mode?: unknown } | undefined)?.Mode === 'Active' ? 'Active' : 'PassThrough',
      notRunnable,
    };
  });
  // Amplify tags its own helper functions with the data resource's name, so a friendly
  // name can repeat: only a unique one tags the logs.
  const counts = new Map<string, number>();
  for (const config of configs) if (config.friendlyName) counts.set(config.friendlyName, (counts.get(config.friendlyName) ?? 0) + 1);
  for (const config of configs) {
    if (config.friendlyName && counts.get(config.friendlyName) === 1) config.displayName = config.friendlyName;
  }
  return configs;
}
