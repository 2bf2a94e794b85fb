import { randomBytes } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';
import type { Credentials } from '../iam/types';
import type { FunctionConfig } from './function-config';

export interface WorkerEnvironmentInput {
  config: FunctionConfig;
  /** The code directory this worker loads (the asset, or a hot-reloaded build). */
  codeDir: string;
  /** The edge URL in IP form (`http://127.0.0.1:4566`): the SDK then uses path-style S3 URLs. */
  endpoint: string;
  credentials: Credentials;
  logStreamName: string;
  /** The local X-Ray daemon's `host:port`, when X-Ray runs: the X-Ray SDK inside the function sends its segments there. */
  xrayDaemonAddress?: string;
}

/** `2026/01/31/[$LATEST]<32 hex>`: one log stream per execution environment, as in CloudWatch. */
export function newLogStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * The environment a function's runtime process gets: the synthesized variables, then
 * Lambda's reserved ones (which a template cannot set), the role's temporary credentials
 * and `AWS_ENDPOINT_URL` so the AWS SDK inside the function talks to the local cloud.
 * Nothing of the local cloud's own environment leaks in (no HOME, no AWS_PROFILE).
 */
export function workerEnvironment(input: WorkerEnvironmentInput): Record<string, string> {
  const { config, credentials } = input;
  const env: Record<string, string> = { ...config.environment };
  Object.assign(env, {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: config.handler,
    LAMBDA_TASK_ROOT: input.codeDir,
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
    AWS_REGION: LOCAL_ACCOUNT.region,
    AWS_DEFAULT_REGION: LOCAL_ACCOUNT.region,
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_ENDPOINT_URL: input.endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    // Functions declare nodejs22.x+ and run on the machine's Node here; the SDK's
    // "upgrade to Node 22" warning is about this machine, not about the function.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  if (input.xrayDaemonAddress) {
    // As Lambda sets them for the X-Ray SDK: the daemon's address, and a log line (not a throw) when a segment is missing.
    const [host, port] = input.xrayDaemonAddress.split(':');
    Object.assign(env, { AWS_XRAY_DAEMON_ADDRESS: input.xrayDaemonAddress, _AWS_XRAY_DAEMON_ADDRESS: host, _AWS_XRAY_DAEMON_PORT: port, AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR' });
  }
  if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
  else delete env.AWS_SESSION_TOKEN;
  return env;
}

/**
 * Node flags for the runtime process: the function's MemorySize as the V8 old-space
 * limit (90 %, leaving room for the rest of the process as Lambda's runtime does).
 */
export function workerExecArgv(config: FunctionConfig): string[] {
  return [`--max-old-space-size=${Math.max(16, Math.floor(config.memorySize * 0.9))}`];
}
