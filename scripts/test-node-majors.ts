/**
 * `npm test`'s last step: a representative part of the suite again on Node 22 and 24 (the
 * whole suite runs on this machine's Node first). The binaries are the npm registry's, the
 * same ones local functions run on (local/lambda/node-runtimes.ts: fetched once, verified,
 * cached). The part is chosen to cover each layer on each major: the local cloud's units,
 * the real clients against an in-process cloud (Cognito SRP, AppSync with functions,
 * real-time, S3 through the storage client, DynamoDB), and the packed CLI in a project
 * outside the repository.
 *
 *   --majors 22,24   which majors (default 22,24)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NodeRuntimes } from '../local/lambda/node-runtimes';

const REPRESENTATIVE = [
  'tests/unit/local',
  'tests/integration/cognito/amplify-auth.test.ts',
  'tests/integration/appsync/function-resolvers.test.ts',
  'tests/integration/appsync-realtime/subscriptions.test.ts',
  'tests/integration/s3/amplify-storage.test.ts',
  'tests/integration/dynamodb/items.test.ts',
  'tests/packaged/quickstart-js.test.ts',
];

const { values } = parseArgs({ options: { majors: { type: 'string', default: '22,24' } } });
const runtimes = new NodeRuntimes();
let failed = false;
for (const major of values.majors.split(',').map(Number)) {
  const runtime = await runtimes.forMajor(major);
  if (runtime.fallback) {
    process.stderr.write(`✖ [node ${major}] no Node.js ${major} to test on: ${runtime.fallback}\n`);
    failed = true;
    continue;
  }
  process.stderr.write(`› [node ${major}] ${REPRESENTATIVE.length} parts of the suite on Node ${runtime.version} (${runtime.execPath})\n`);
  const started = performance.now();
  // Child processes (the CLI's bin, synth, vitest's forks) find this Node first on PATH.
  const env = { ...process.env, PATH: `${path.dirname(runtime.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  const result = spawnSync(runtime.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', ...REPRESENTATIVE], { stdio: 'inherit', env });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    process.stderr.write(`✖ [node ${major}] failed (exit ${result.status}) in ${seconds} s\n`);
    failed = true;
  } else {
    process.stderr.write(`✔ [node ${major}] passed in ${seconds} s\n`);
  }
}
process.exit(failed ? 1 : 0);
