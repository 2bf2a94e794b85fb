import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleHost } from '../host';
import type { ConsoleEndpoint } from './index';
import { describeServices } from './service-descriptions';

/**
 * Why a resource type found in Gen 2 assemblies does not run locally. Types not named here
 * get the general reason: no local service stands in for them yet.
 */
const NOT_RUN_REASONS: Readonly<Record<string, string>> = {
  'AWS::Lambda::Permission': 'Lambda resource policies are only read by API Gateway (whether it may invoke a function): other local callers are checked against their own role policies only',
  'AWS::Lambda::LayerVersion': 'layers are not mounted locally (Amplify adds them to the CDK table manager and bucket deployment providers, which run natively)',
};

/**
 * `GET /overview`: what runs (each service's resources and start-up line), what the assembly
 * holds that does not run and why, the latest warnings and errors, and the state directory.
 */
export const overview: ConsoleEndpoint = {
  method: 'GET',
  path: /^\/overview$/,
  async handle({ host }) {
    return {
      endpoint: host.endpoint,
      services: describeServices(host),
      notRun: [...host.notRun.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, count]) => ({ type, count, reason: NOT_RUN_REASONS[type] ?? `no local service runs ${type} yet` })),
      recent: host.recent.list().map((record) => ({ level: record.level, service: record.service, message: record.message, time: record.time.toISOString() })),
      state: await stateOf(host),
    };
  },
};

/** The state directory and how much it holds (undefined in memory). */
async function stateOf(host: ConsoleHost): Promise<{ dir: string; bytes: number; files: number } | undefined> {
  if (!host.stateDir) return undefined;
  let bytes = 0;
  let files = 0;
  const entries = await readdir(host.stateDir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => {
      // A file may go between listing and stat (a store renaming its temp file): it is simply not counted.
      const info = await stat(path.join(entry.parentPath ?? entry.path, entry.name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (!info) return;
      bytes += info.size;
      files++;
    }),
  );
  return { dir: host.stateDir, bytes, files };
}
