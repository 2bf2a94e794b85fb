/**
 * Where a running local cloud is, for commands that talk to one (`npm run invoke`, …), found
 * the way the app finds it: from amplify_outputs.json's `custom.local.endpoint`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_EDGE_PORT = 4566;

export interface RunningCloudEndpoint {
  endpoint: string;
  /** How it was chosen, for the line that says which endpoint a command used. */
  source: string;
  /** Root credentials recorded in the outputs, when they are there. */
  rootCredentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The endpoint to reach, by precedence: `--endpoint`, `--port`, `FLARE_PORT`, the
 * `custom.local.endpoint` of `<projectDir>/amplify_outputs.json`, then the default port.
 * @example
 * const { endpoint, source } = runningCloudEndpoint(process.cwd(), { port: values.port });
 */
export function runningCloudEndpoint(
  projectDir: string,
  given: { endpoint?: string; port?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): RunningCloudEndpoint {
  if (given.endpoint) return { endpoint: given.endpoint.replace(/\/+$/, ''), source: '--endpoint' };
  if (given.port) return { endpoint: `http://127.0.0.1:${given.port}`, source: '--port' };
  if (env.FLARE_PORT) return { endpoint: `http://127.0.0.1:${env.FLARE_PORT}`, source: 'FLARE_PORT' };
  const file = path.join(projectDir, 'amplify_outputs.json');
  if (existsSync(file)) {
    let outputs: { custom?: { local?: { endpoint?: unknown; rootCredentials?: RunningCloudEndpoint['rootCredentials'] } } };
    try {
      outputs = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not JSON (${(error as Error).message}): pass --port or --endpoint`);
    }
    const local = outputs.custom?.local;
    if (typeof local?.endpoint === 'string') {
      return { endpoint: local.endpoint, source: 'amplify_outputs.json (custom.local.endpoint)', rootCredentials: local.rootCredentials };
    }
    throw new Error(`${file} names no local cloud (no custom.local.endpoint: it is for a backend on AWS): pass --port or --endpoint`);
  }
  return { endpoint: `http://127.0.0.1:${DEFAULT_EDGE_PORT}`, source: 'the default port (no amplify_outputs.json)' };
}
