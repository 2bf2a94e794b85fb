/**
 * Local clouds as tests start them, and the AWS SDK v3 client settings that point at one:
 * what every integration test would otherwise spell out again.
 */
import { Reporter, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local';
import type { LogLevel, LogRecord } from '../../local/reporter';

/** The local root's credentials (any signed request with them is the account's root). */
export const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/**
 * Starts a local cloud with the settings tests want unless they say otherwise: Flare's project
 * in the working directory, a free port, no synthesis (`npm test` synthesizes first), no
 * amplify_outputs.json, state in memory unless `stateDir` is given, warnings and errors only.
 * @example
 * const cloud = await startTestCloud({ services: [iamService(), createSsmService()] });
 */
export function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<LocalCloud> {
  return startLocalCloud({
    ...options,
    projectDir: options.projectDir ?? process.cwd(),
    port: options.port ?? 0,
    inMemory: options.inMemory ?? options.stateDir === undefined,
    outputsFile: options.outputsFile ?? false,
    synth: options.synth ?? false,
    reporter: options.reporter ?? new Reporter({ level: 'warn' }),
  });
}

/**
 * A reporter that keeps every record at `level` and above in `records`, for assertions on logs.
 * @example
 * const records: LogRecord[] = [];
 * const cloud = await startTestCloud({ reporter: recordingReporter(records) });
 */
export function recordingReporter(records: LogRecord[], level: LogLevel = 'debug'): Reporter {
  return new Reporter({ level, sinks: [(record) => records.push(record)] });
}

/**
 * Settings for a real AWS SDK v3 client on the cloud's edge: us-east-1, the local root unless
 * other credentials are given, and no retries, so that a failure shows as the edge answered it.
 * @example
 * const ssm = new SSMClient(clientConfig(cloud));
 */
export function clientConfig(cloud: Pick<LocalCloud, 'endpoint'>, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = ROOT) {
  return { endpoint: cloud.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
}

/**
 * The ARN of the assembly's role whose logical id starts with `logicalIdPrefix`.
 * @example
 * roleArn(cloud, 'amplifyAuthRESPONDERSGroupRole');
 */
export function roleArn(cloud: Pick<LocalCloud, 'assembly'>, logicalIdPrefix: string): string {
  const role = cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(logicalIdPrefix));
  if (!role) throw new Error(`No role ${logicalIdPrefix}* in the assembly`);
  return String(role.getAtt('Arn'));
}
