import path from 'node:path';
import { SecretNameError, SecretsFile } from '../ssm/secrets';
import { CliError, usageError } from './errors';
import type { Command } from './main';

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

/**
 * The local stand-in for `ampx sandbox secret`: Amplify `secret()` values in the state
 * directory's secrets file, answered by the local SSM (and to auth's secret fetcher).
 * Values are never printed.
 */
export const secret: Command = {
  summary: "set, list or remove Amplify secret() values for the local cloud (never printed)",
  usage: 'set NAME | list | remove NAME   [--state-dir <dir>]\n  set reads the value from stdin (typed without echo on a terminal, or piped)',
  options: { 'state-dir': { type: 'string' } },
  async run({ values, positionals, reporter }) {
    const [command, name, ...rest] = positionals;
    const log = reporter.for('secret');
    const projectDir = path.resolve((values.project as string | undefined) ?? process.cwd());
    const stateDir = path.resolve(projectDir, (values['state-dir'] as string | undefined) ?? path.join('.amplify', 'local', 'state'));
    const secrets = new SecretsFile(SecretsFile.pathIn(stateDir));
    const needsName = command === 'set' || command === 'remove';
    if (!['set', 'list', 'remove'].includes(command ?? '') || (needsName && !name) || (!needsName && name) || rest.length > 0) {
      throw usageError('usage: flare-local secret set NAME | list | remove NAME  [--state-dir <dir>]');
    }
    try {
      if (command === 'list') {
        const names = secrets.names();
        if (names.length === 0) log.info(`no secrets in ${secrets.file}`);
        for (const secretName of names) process.stdout.write(`${secretName}\n`);
        return 0;
      }
      if (command === 'remove') {
        if (!secrets.remove(name)) throw new CliError(`There is no secret ${name} in ${secrets.file}`, 'See the names with `flare-local secret list`.');
        log.done(`secret ${name} removed`);
        return 0;
      }
      const value = await readValue(name);
      if (value === '') throw new CliError(`No value given for ${name}; nothing changed`, `Type the value, or pipe it: printf %s "$VALUE" | flare-local secret set ${name}`);
      const stored = secrets.set(name, value);
      log.done(`secret ${name} set (version ${stored.version}) in ${secrets.file}; functions read it at their next cold start, or within a minute (Amplify's banner refreshes every 60 s)`);
      return 0;
    } catch (error) {
      if (error instanceof SecretNameError) throw usageError(error.message);
      throw error;
    }
  },
};
