/**
 * The local cloud the AppSync benchmarks run on: Flare's assembly in memory, with the
 * services AppSync's resolvers and auth modes call, quiet but for errors.
 */
import { Reporter, startLocalCloud, type LocalCloud } from '../local';
import { appsyncTestServices } from '../tests/integration/appsync/helpers';

export function startAppSyncBenchCloud(): Promise<LocalCloud> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return startLocalCloud({
    projectDir: process.cwd(),
    port: 0,
    inMemory: true,
    outputsFile: false,
    synth: false,
    services: appsyncTestServices(['iam', 'dynamodb', 'cognito', 'appsync']),
    reporter: new Reporter({ level: 'error' }),
  });
}
