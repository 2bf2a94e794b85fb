/**
 * A Gen 2 user's first and next `npx flare-local`: seconds from the command to "ready" for a
 * quick-start-size project (auth + one model, tests/fixtures/gen2/quickstart-js), with the
 * packed tarball installed outside this repository (tests/helpers/packed-cli.ts).
 *   - cold: no .amplify/ in the project (synth included, a new state directory);
 *   - warm: again (synth cache hit, state kept).
 * `npx flare-local --project <dir>` runs from the install's root, where npx finds the bin.
 * Usage: npm run bench -- cli-start [-- --cold 3 --warm 5]
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fixtureProject, packedInstall } from '../tests/helpers/packed-cli';

const { values } = parseArgs({ options: { cold: { type: 'string', default: '3' }, warm: { type: 'string', default: '5' } }, allowPositionals: true });

/** Runs `npx flare-local` until it says it is ready; the wall-clock seconds and its own "ready in" figure. */
function timeToReady(installDir: string, project: string, port: number): Promise<{ seconds: number; reported: number }> {
  const started = performance.now();
  const child = spawn('npx', ['flare-local', '--project', project, '--port', String(port), '--no-watch'], { cwd: installDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready in ([\d.]+) s/.exec(output);
      if (!match || ready) return;
      ready = true;
      const seconds = (performance.now() - started) / 1000;
      child.once('exit', () => resolve({ seconds, reported: Number(match[1]) }));
      // npx does not pass SIGINT on to flare-local: stop the whole process group, as Ctrl-C does.
      process.kill(-child.pid!, 'SIGINT');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => ready || reject(new Error(`flare-local exited (${code}) before it was ready:\n${output}`)));
  });
}

const range = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${sorted[0].toFixed(1)}–${sorted[sorted.length - 1].toFixed(1)} s (median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} s, n=${sorted.length})`;
};

const install = await packedInstall();
const project = fixtureProject(install, 'quickstart-js');
const port = 4637;
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < Number(values.cold); i++) {
  rmSync(path.join(project, '.amplify'), { recursive: true, force: true });
  const { seconds, reported } = await timeToReady(install.dir, project, port);
  cold.push(seconds);
  console.log(`cold ${i + 1}: ${seconds.toFixed(1)} s to ready (flare-local says ${reported} s)`);
  for (let j = 0; j < Number(values.warm) && i === Number(values.cold) - 1; j++) {
    const next = await timeToReady(install.dir, project, port);
    warm.push(next.seconds);
    console.log(`warm ${j + 1}: ${next.seconds.toFixed(2)} s to ready (flare-local says ${next.reported} s)`);
  }
}
console.log(`\nnpx flare-local, quick-start project (auth + one model), command to ready:`);
console.log(`  cold (synth included): ${range(cold)}`);
if (warm.length > 0) console.log(`  warm (synth cached, state kept): ${range(warm)}`);
