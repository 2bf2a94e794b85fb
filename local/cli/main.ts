/**
 * `flare-local`: runs an Amplify Gen 2 backend offline. One command per file beside this
 * one; this file reads the command line, dispatches, and prints errors with their fix.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Reporter } from '../reporter';
import { CliError, usageError } from './errors';

/** A command: its options (node:util parseArgs form), usage lines, and what it does. */
export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, unknown>; positionals: string[]; reporter: Reporter }): Promise<number | void>;
}

const GLOBAL_OPTIONS = {
  project: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start')).start,
  synth: async () => (await import('./synth')).synth,
  outputs: async () => (await import('./outputs')).outputs,
  invoke: async () => (await import('./invoke')).invoke,
  secret: async () => (await import('./secret')).secret,
  traces: async () => (await import('./traces')).traces,
};

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function help(): Promise<string> {
  const lines = [
    `flare-local ${version()}: an Amplify Gen 2 backend on your machine, offline (no AWS account).`,
    '',
    'Usage: flare-local [command] [options]      (in the folder holding amplify/ and package.json)',
    '',
    'Commands:',
  ];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    lines.push(`  ${name.padEnd(8)} ${command.summary}${name === 'start' ? ' (the default)' : ''}`);
    for (const usage of command.usage.split('\n')) lines.push(`           ${usage}`);
  }
  lines.push(
    '',
    'Everywhere:',
    '  --project <dir>   the Amplify project (default: the current directory)',
    '  --verbose         debug output',
    '  --help, --version',
    '',
    'In the app, one line (a no-op for outputs without custom.local, so the same build runs on AWS):',
    "  import { withLocalCloud } from 'flare-local/client';",
    '  Amplify.configure(withLocalCloud(outputs));',
  );
  return lines.join('\n');
}

/** Runs the command line; resolves with the exit code (the start command keeps running). */
export async function main(argv: string[]): Promise<number | undefined> {
  if (argv.includes('--version')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const named = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  const name = named ?? 'start';
  if (!COMMANDS[name]) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${await help()}\n`);
      return 0;
    }
    throw usageError(`Unknown command ${JSON.stringify(name)}: the commands are ${Object.keys(COMMANDS).join(', ')}`);
  }
  const command = await COMMANDS[name]();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: named ? argv.slice(1) : argv, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(named ? `flare-local ${name}: ${command.summary}\n  ${command.usage.split('\n').join('\n  ')}\n` : `${await help()}\n`);
    return 0;
  }
  const reporter = new Reporter({ level: parsed.values.verbose ? 'debug' : 'info' });
  const code = await command.run({ values: parsed.values, positionals: parsed.positionals, reporter });
  return code ?? undefined;
}

/** Prints an error the way users can act on: the message, details, then what to do. */
function report(error: unknown): number {
  const reporter = new Reporter();
  const log = reporter.for('flare-local');
  if (error instanceof CliError) {
    log.error(error.message);
    if (error.details) process.stderr.write(`\n${error.details}\n\n`);
    log.info(error.resolution);
    return error.exitCode;
  }
  const { message, details, resolution } = error as { message?: string; details?: string; resolution?: string };
  if (typeof resolution === 'string') {
    // The local cloud's own user-facing errors (synthesis, a port in use, the assembly) carry a resolution.
    log.error(message ?? String(error));
    if (details) process.stderr.write(`\n${details}\n\n`);
    log.info(resolution);
    return 1;
  }
  log.error(`flare-local failed: ${(error as Error)?.stack ?? String(error)}`);
  return 1;
}

try {
  const code = await main(process.argv.slice(2));
  if (code !== undefined) process.exitCode = code;
} catch (error) {
  process.exitCode = report(error);
}
