/**
 * `npm run secret -- <command>`: the local cloud's stand-in for `ampx sandbox secret`. Amplify
 * `secret()` values are SecureString parameters under the backend's secret path in the local
 * Parameter Store; this sets them there the way `ampx sandbox secret set` does (PutParameter),
 * through the local cloud that holds the state directory, or, when none runs, through one
 * started for the purpose. Values are never printed.
 *
 *   set NAME      reads the value from stdin (typed without echo on a terminal, or piped)
 *   list          the names of the secrets, never their values
 *   remove NAME
 *   --state-dir <dir>   the local cloud's state directory (default .amplify/local/state)
 *   --cdk-out <dir>     the synthesized backend, where the secret path is read (default .amplify/local/cdk.out)
 *   --endpoint <url>    a running local cloud to change (one started --in-memory, say)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LocalCloud } from '../local';
import { CloudAssembly } from '../local/assembly';
import { Reporter } from '../local/reporter';
import { AmplifySecrets } from '../local/ssm/amplify-secrets';
import { stateHolder, StateStore } from '../local/state';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'state-dir': { type: 'string' }, 'cdk-out': { type: 'string' }, endpoint: { type: 'string' } },
});
const reporter = new Reporter();
const log = reporter.for('secret');
const [command, name] = positionals;
const stateDir = path.resolve(values['state-dir'] ?? path.join('.amplify', 'local', 'state'));
const cdkOut = path.resolve(values['cdk-out'] ?? path.join('.amplify', 'local', 'cdk.out'));
/** Parameter names allow these characters; a secret's name is the last segment of its path. */
const SECRET_NAME = /^[A-Za-z0-9_.-]{1,1011}$/;

function usage(): never {
  log.error('usage: npm run secret -- set NAME | list | remove NAME  [--state-dir <dir>] [--cdk-out <dir>] [--endpoint <url>]');
  process.exit(2);
}

/** The value, typed without echo on a terminal, or read whole from a pipe (one trailing newline dropped). */
async function readValue(): Promise<string> {
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

/** The backend's branch secret directories (`/amplify/<namespace>/<backend id>`), from the synthesized backend. */
async function secretDirectories(): Promise<string[]> {
  if (!existsSync(path.join(cdkOut, 'manifest.json'))) {
    log.error(`no synthesized backend in ${cdkOut}: run npm run synth first (the secret path comes from it)`);
    process.exit(1);
  }
  const ids = existsSync(stateDir) ? await StateStore.readOnly(stateDir, new Reporter({ level: 'silent' })).service('cloud').collection<string>('ids', { version: 1 }) : undefined;
  const assembly = CloudAssembly.load({ dir: cdkOut, endpoint: 'http://127.0.0.1:4566', seed: ids?.get('seed') ?? 'secret' });
  const directories = [...AmplifySecrets.fromAssembly(assembly).branchDirectories];
  if (directories.length === 0) {
    log.error(`the backend in ${cdkOut} reads no secret() and references no Amplify resource, so it has no secret path`);
    process.exit(1);
  }
  return directories;
}

/** The local cloud to talk to: the one holding the state directory, the one named, or one started here. */
async function localCloud(): Promise<{ endpoint: string; started?: LocalCloud }> {
  const endpoint = values.endpoint ?? stateHolder(stateDir)?.endpoint;
  if (endpoint) return { endpoint };
  // Loaded only when needed: a local cloud's modules take seconds to load on a busy machine.
  const [{ startLocalCloud }, { createSsmService }] = await Promise.all([import('../local'), import('../local/ssm')]);
  const started = await startLocalCloud({ projectDir: process.cwd(), cdkOut, stateDir, port: 0, synth: false, outputsFile: false, services: [createSsmService()], reporter: new Reporter({ level: 'warn' }) });
  return { endpoint: started.endpoint, started };
}

if (!command || (command !== 'list' && !name)) usage();
if (name !== undefined && !SECRET_NAME.test(name)) {
  log.error(`Secret name ${JSON.stringify(name)} is not valid: use letters, digits, '.', '-' and '_' only`);
  process.exit(2);
}
const directories = await secretDirectories();
const value = command === 'set' ? await readValue() : undefined;
if (command === 'set' && value === '') {
  log.error(`no value given for ${name}; nothing changed`);
  process.exit(1);
}
const cloud = await localCloud();
// Loaded after the arguments are checked: the SDK is most of this script's start-up time.
const { DeleteParametersCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
const ssm = new SSMClient({
  endpoint: cloud.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: process.env.FLARE_ROOT_ACCESS_KEY_ID ?? 'test', secretAccessKey: process.env.FLARE_ROOT_SECRET_ACCESS_KEY ?? 'test' },
  maxAttempts: 1,
});
let status = 0;
try {
  switch (command) {
    case 'set': {
      for (const directory of directories) {
        const { Version } = await ssm.send(new PutParameterCommand({ Name: `${directory}/${name}`, Value: value, Type: 'SecureString', Description: 'Amplify Secret', Overwrite: true }));
        log.done(`secret ${name} set (version ${Version}) at ${directory}/${name}; functions read it at their next cold start, or within a minute (Amplify’s banner refreshes every 60 s)`);
      }
      break;
    }
    case 'list': {
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
      break;
    }
    case 'remove': {
      const { DeletedParameters } = await ssm.send(new DeleteParametersCommand({ Names: directories.map((directory) => `${directory}/${name}`) }));
      if (!DeletedParameters?.length) {
        log.error(`there is no secret ${name} under ${directories.join(', ')}`);
        status = 1;
      } else log.done(`secret ${name} removed`);
      break;
    }
    default:
      usage();
  }
} finally {
  ssm.destroy();
  await cloud.started?.stop();
}
process.exit(status);
