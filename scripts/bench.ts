/**
 * `npm run bench [-- <name>...]`: runs every bench/*.bench.ts (or the named ones)
 * one after another, each in its own process, and prints their figures.
 * Benchmarks print medians, p95 and ratios; they assert nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve('bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmarks match ${wanted.join(', ') || 'bench/*.bench.ts'}`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
