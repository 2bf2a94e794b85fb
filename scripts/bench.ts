/**
 * `npm run bench [-- <name>... [-- <flags>]]`: runs every bench/*.bench.ts (or the named ones)
 * one after another, each in its own process, and prints their figures.
 * Benchmarks print medians, p95 and ratios; they assert nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve('bench');
// `npm run bench -- name -- --flag value`: names before a second `--`, the bench's own flags after it.
const args = process.argv.slice(2);
const split = args.indexOf('--');
const wanted = split === -1 ? args : args.slice(0, split);
const benchArgs = split === -1 ? [] : args.slice(split + 1);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmarks match ${wanted.join(', ') || 'bench/*.bench.ts'}`);
  process.exit(1);
}
// flare-source: flare-local is this repository's workspace, run from its sources (its dist/ exists only in a packed tarball).
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--conditions=flare-source', '--import', 'tsx', '--expose-gc', path.join(dir, file), ...benchArgs], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
