/**
 * `npm run secret -- <command>`: the local cloud's stand-in for `ampx sandbox secret`.
 * Amplify `secret()` values live in the state directory's secrets file, which the local
 * SSM answers for the paths Amplify's function banners ask for. Values are never printed.
 *
 *   set NAME      reads the value from stdin (typed without echo on a terminal, or piped)
 *   list          the names of the secrets, never their values
 *   remove NAME
 *   --state-dir <dir>   the local cloud's state directory (default .amplify/local/state)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Reporter } from '../local/reporter';
import { SecretNameError, SecretsFile } from '../local/ssm/secrets';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'state-dir': { type: 'string' } },
});
const reporter = new Reporter();
const log = reporter.for('secret');
const [command, name] = positionals;
const stateDir = path.resolve(values['state-dir'] ?? path.join('.amplify', 'local', 'state'));
const secrets = new SecretsFile(SecretsFile.pathIn(stateDir));

function usage(): never {
  log.error('usage: npm run secret -- set NAME | list | remove NAME  [--state-dir <dir>]');
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

try {
  switch (command) {
    case 'set': {
      if (!name) usage();
      const value = await readValue();
      if (value === '') {
        log.error(`no value given for ${name}; nothing changed`);
        process.exit(1);
      }
      const secret = secrets.set(name, value);
      log.done(`secret ${name} set (version ${secret.version}) in ${secrets.file}; functions read it at their next cold start, or within a minute (Amplify’s banner refreshes every 60 s)`);
      break;
    }
    case 'list': {
      const names = secrets.names();
      if (names.length === 0) log.info(`no secrets in ${secrets.file}`);
      for (const secretName of names) process.stdout.write(`${secretName}\n`);
      break;
    }
    case 'remove': {
      if (!name) usage();
      if (!secrets.remove(name)) {
        log.error(`there is no secret ${name} in ${secrets.file}`);
        process.exit(1);
      }
      log.done(`secret ${name} removed`);
      break;
    }
    default:
      usage();
  }
} catch (error) {
  if (error instanceof SecretNameError) {
    log.error(error.message);
    process.exit(2);
  }
  throw error;
}
