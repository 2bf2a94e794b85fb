import path from 'node:path';
import { CloudAssembly } from '../assembly';
import { synthesize } from '../assembly/synthesize';
import { localIdSeed } from '../index';
import { LOCAL_ACCOUNT } from '../assembly/template';
import { buildOutputs, writeOutputs } from '../outputs';
import { usageError } from './errors';
import type { Command } from './main';
import { checkBackendPackages, resolveProject } from './project';
import { portOption } from './start';

export const outputs: Command = {
  summary: 'write amplify_outputs.json for the local cloud without starting it',
  usage: '[--port <n>] [--state-dir <dir>] [--outputs-out-dir <dir>]   (the port and state the cloud will start with)',
  options: { port: { type: 'string' }, 'state-dir': { type: 'string' }, 'outputs-out-dir': { type: 'string' } },
  async run({ values, positionals, reporter }) {
    if (positionals.length > 0) throw usageError(`outputs takes no arguments (got ${positionals.join(' ')})`);
    const projectDir = resolveProject(values.project as string | undefined);
    checkBackendPackages(projectDir);
    const port = portOption(values.port);
    if (port === 0) throw usageError('outputs needs the port the local cloud will listen on: --port 0 picks one only at start');
    const log = reporter.for('outputs');
    const { outDir } = await synthesize({ projectDir, onProgress: (message) => log.info(`${message}…`) });
    const stateDir = path.resolve(projectDir, (values['state-dir'] as string | undefined) ?? path.join('.amplify', 'local', 'state'));
    const endpoint = `http://127.0.0.1:${port}`;
    // The ids the cloud will use come from its state directory, so the file matches the next start.
    const assembly = CloudAssembly.load({ dir: outDir, endpoint, seed: await localIdSeed(stateDir, reporter) });
    const file = path.join(path.resolve(projectDir, (values['outputs-out-dir'] as string | undefined) ?? '.'), 'amplify_outputs.json');
    await writeOutputs(file, await buildOutputs(assembly, { endpoint, region: LOCAL_ACCOUNT.region }));
    log.done(`wrote ${file} for ${endpoint}`);
    return 0;
  },
};
