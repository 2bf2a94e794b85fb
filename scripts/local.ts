/**
 * `npm run local`: the local cloud alone, in the foreground.
 *   --port <n>        edge port (default 4566, or FLARE_PORT)
 *   --state-dir <dir> where state lives (default .amplify/local/state)
 *   --in-memory       keep nothing on disk
 *   --reset           wipe the state first
 *   --no-seed         do not create the demo logins and data on first start
 *   --allow-host <name>     answer this Host too (repeatable; or FLARE_ALLOW_HOSTS); loopback always
 *   --allow-origin <origin> let web pages of this origin call the edge (repeatable; or FLARE_ALLOW_ORIGINS)
 */
import { parseArgs } from 'node:util';
import { describeLocalCloud, Reporter, startLocalCloud, stopOnSignals } from '../local';
import { EdgePortInUseError } from '../local/edge';
import { SynthesisError } from '../local/assembly';
import { StateInUseError, StateVersionError } from '../local/state';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'state-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'allow-host': { type: 'string', multiple: true },
    'allow-origin': { type: 'string', multiple: true },
  },
});

const reporter = new Reporter({ level: values.verbose ? 'debug' : 'info' });
const log = reporter.for('local');
const port = Number(values.port ?? process.env.FLARE_PORT ?? 4566);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error(`--port must be a port number (got ${values.port})`);
  process.exit(2);
}

try {
  const started = performance.now();
  const cloud = await startLocalCloud({
    projectDir: process.cwd(),
    port,
    stateDir: values['state-dir'],
    inMemory: values['in-memory'],
    reset: values.reset,
    reporter,
    allowHosts: values['allow-host'],
    allowOrigins: values['allow-origin'],
  });
  reporter.print(describeLocalCloud(cloud));
  if (!values['no-seed']) {
    try {
      // Loaded only when needed, as in dev.ts: it brings aws-amplify into this process.
      const { seedOnce } = await import('./seed');
      const counts = await seedOnce(cloud);
      if (counts) log.done(`seeded ${counts.services} services and ${counts.incidents} incidents; logins ${DEMO_USERS.map((u) => u.email).join(', ')} / ${DEMO_PASSWORD}`);
    } catch (error) {
      log.error(`seeding demo data failed: ${(error as Error).message} (the local cloud keeps running)`);
    }
  }
  log.done(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s — Ctrl-C to stop`);
  stopOnSignals(() => cloud.stop(), log);
} catch (error) {
  if (error instanceof EdgePortInUseError || error instanceof SynthesisError || error instanceof StateInUseError || error instanceof StateVersionError) {
    log.error(error.message);
    if (error instanceof SynthesisError) process.stderr.write(`\n${error.details}\n\n`);
    log.info(error.resolution);
    process.exit(1);
  }
  throw error;
}
