import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LocalCloud } from '../index';
import { CloudAssembly } from '../assembly';
import { synthesize } from '../assembly/synthesize';
import { Reporter } from '../reporter';
import { AmplifySecrets } from '../ssm/amplify-secrets';
import { stateHolder, StateStore } from '../state';
import { CliError, usageError } from './errors';
import type { Command } from './main';
import { checkBackendPackages, resolveProject } from './project';

/** Parameter names allow these characters; a secret's name is the last segment of its path. */
const SECRET_NAME = /^[A-Za-z0-9_.-]{1,1011}$/;

/** The value, typed without echo on a terminal, or read whole from a pipe (one trailing newline dropped). */
async function readValue(name: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write(`Enter the value of ${name}: `);
  stdin.setRawMode(true);
  stdin.resume();
  let value = '';
  return new Promise((resolve) => {
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          process.stderr.write('\n');
          process.exit(130);
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** The backend's branch secret directories (`/amplify/<namespace>/<backend id>`), from its synthesized assembly. */
async function secretDirectories(cdkOut: string, stateDir: string): Promise<string[]> {
  const ids = existsSync(stateDir) ? await StateStore.readOnly(stateDir, new Reporter({ level: 'silent' })).service('cloud').collection<string>('ids', { version: 1 }) : undefined;
  const assembly = CloudAssembly.load({ dir: cdkOut, endpoint: 'http://127.0.0.1:4566', seed: ids?.get('seed') ?? 'secret' });
  const directories = [...AmplifySecrets.fromAssembly(assembly).branchDirectories];
  if (directories.length === 0) {
    throw new CliError(`The backend in ${cdkOut} reads no secret() and references no Amplify resource, so it has no secret path`, 'Use secret() in amplify/ (a function or auth) first.');
  }
  return directories;
}

/**
 * The local stand-in for `ampx sandbox secret`: Amplify `secret()` values are SecureString
 * parameters under the backend's secret path in the local Parameter Store, set the way
 * `ampx sandbox secret set` sets them (PutParameter), through the local cloud that holds the
 * state directory, or, when none runs, through one started for the purpose. Values are never
 * printed.
 */
export const secret: Command = {
  summary: 'set, list or remove Amplify secret() values for the local cloud (never printed)',
  usage:
    'set NAME | list | remove NAME   [--state-dir <dir>] [--cdk-out <dir>] [--endpoint <url>]\n' +
    '  set reads the value from stdin (typed without echo on a terminal, or piped)\n' +
    '  --endpoint: a running local cloud to change (one started --in-memory, say)',
  options: { 'state-dir': { type: 'string' }, 'cdk-out': { type: 'string' }, endpoint: { type: 'string' } },
  async run({ values, positionals, reporter }) {
    const [command, name, ...rest] = positionals;
    const log = reporter.for('secret');
    const needsName = command === 'set' || command === 'remove';
    if (!['set', 'list', 'remove'].includes(command ?? '') || (needsName && !name) || (!needsName && name) || rest.length > 0) {
      throw usageError('usage: flare-local secret set NAME | list | remove NAME  [--state-dir <dir>] [--cdk-out <dir>] [--endpoint <url>]');
    }
    if (name !== undefined && !SECRET_NAME.test(name)) throw usageError(`Secret name ${JSON.stringify(name)} is not valid: use letters, digits, '.', '-' and '_' only`);
    const projectDir = path.resolve((values.project as string | undefined) ?? process.cwd());
    const stateDir = path.resolve(projectDir, (values['state-dir'] as string | undefined) ?? path.join('.amplify', 'local', 'state'));
    let cdkOut = values['cdk-out'] === undefined ? undefined : path.resolve(projectDir, values['cdk-out'] as string);
    if (!cdkOut) {
      // The secret path comes from the synthesized backend: synthesize (cached) as start would.
      resolveProject(projectDir);
      checkBackendPackages(projectDir);
      cdkOut = (await synthesize({ projectDir, onProgress: (message) => log.info(`${message}…`) })).outDir;
    } else if (!existsSync(path.join(cdkOut, 'manifest.json'))) {
      throw new CliError(`No synthesized backend in ${cdkOut}`, 'Run flare-local synth first (the secret path comes from it), or leave out --cdk-out.');
    }
    const directories = await secretDirectories(cdkOut, stateDir);
    const value = command === 'set' ? await readValue(name) : undefined;
    if (command === 'set' && value === '') throw new CliError(`No value given for ${name}; nothing changed`, `Type the value, or pipe it: printf %s "$VALUE" | flare-local secret set ${name}`);

    // The cloud holding the state directory is its only writer; without one, one is started here.
    let started: LocalCloud | undefined;
    let endpoint = (values.endpoint as string | undefined) ?? stateHolder(stateDir)?.endpoint;
    if (!endpoint) {
      const [{ startLocalCloud }, { createSsmService }] = await Promise.all([import('../index'), import('../ssm')]);
      started = await startLocalCloud({ projectDir, cdkOut, stateDir, port: 0, synth: false, outputsFile: false, services: [createSsmService()], reporter: new Reporter({ level: 'warn' }) });
      endpoint = started.endpoint;
    }
    const { DeleteParametersCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
    const ssm = new SSMClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: process.env.FLARE_ROOT_ACCESS_KEY_ID ?? 'test', secretAccessKey: process.env.FLARE_ROOT_SECRET_ACCESS_KEY ?? 'test' },
      maxAttempts: 1,
    });
    try {
      if (command === 'set') {
        for (const directory of directories) {
          const { Version } = await ssm.send(new PutParameterCommand({ Name: `${directory}/${name}`, Value: value, Type: 'SecureString', Description: 'Amplify Secret', Overwrite: true }));
          log.done(`secret ${name} set (version ${Version}) at ${directory}/${name}; functions read it at their next cold start, or within a minute (Amplify's banner refreshes every 60 s)`);
        }
      } else if (command === 'list') {
        const names = new Set<string>();
        for (const directory of directories) {
          let NextToken: string | undefined;
          do {
            const page = await ssm.send(new GetParametersByPathCommand({ Path: directory, NextToken }));
            for (const parameter of page.Parameters ?? []) names.add(path.posix.basename(parameter.Name!));
            NextToken = page.NextToken;
          } while (NextToken);
        }
        if (names.size === 0) log.info(`no secrets under ${directories.join(', ')}`);
        for (const secretName of [...names].sort()) process.stdout.write(`${secretName}\n`);
      } else {
        const { DeletedParameters } = await ssm.send(new DeleteParametersCommand({ Names: directories.map((directory) => `${directory}/${name}`) }));
        if (!DeletedParameters?.length) throw new CliError(`There is no secret ${name} under ${directories.join(', ')}`, 'See the names with `flare-local secret list`.');
        log.done(`secret ${name} removed`);
      }
      return 0;
    } finally {
      ssm.destroy();
      await started?.stop();
    }
  },
};
