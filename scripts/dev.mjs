// `npm run dev` entry point. Plain JavaScript with no dependencies, so that it can
// run on a fresh clone: it installs dependencies when they are missing or stale
// (package-lock.json newer than the last install), then hands over to dev.ts.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

process.env.FLARE_DEV_STARTED_AT ??= String(Date.now());
// The demo seed uses the AWS SDK in this process; its Node 22 notice concerns the machine, not Flare.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const projectDir = process.cwd();

/** Hash of the lockfile the installed node_modules was made from (written after each install). */
const stampFile = path.join(projectDir, 'node_modules', '.flare-lock-hash');
const lockHash = () => createHash('sha256').update(readFileSync(path.join(projectDir, 'package-lock.json'))).digest('hex');

/**
 * Stale when node_modules is missing or was installed from another lockfile. Without a
 * stamp (installed by hand), npm's own record must be newer than the lockfile.
 */
function dependenciesStale() {
  const installed = path.join(projectDir, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return true;
  if (existsSync(stampFile)) return readFileSync(stampFile, 'utf8') !== lockHash();
  const stale = statSync(path.join(projectDir, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
  if (!stale) writeFileSync(stampFile, lockHash());
  return stale;
}

async function install() {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const tty = process.stderr.isTTY;
  // A terminal gets a spinner with the elapsed time; a log (CI, a pipe) a line every 15 s.
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  process.stderr.write('› installing dependencies (npm ci, about 1–2 minutes on a fresh clone)…\n');
  const timer = tty
    ? setInterval(() => process.stderr.write(`\r${frames[frame++ % frames.length]} npm ci… ${seconds()} s`), 100)
    : setInterval(() => process.stderr.write(`  npm ci… ${seconds()} s\n`), 15_000);
  const clearLine = () => tty && process.stderr.write('\r\x1b[2K');
  const code = await new Promise((resolve) => {
    // npm/cli#9821: restore the lockfile entries npm install drops inside bundled dependencies.
    spawnSync(process.execPath, [path.join(projectDir, 'scripts', 'fix-lockfile.cjs')], { cwd: projectDir, stdio: 'ignore' });
    const child = spawn('npm', ['ci', '--no-audit', '--no-fund'], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    // npm's own summary ("added 1234 packages in 80s") is shown as it comes.
    child.stdout.on('data', (chunk) => {
      clearLine();
      process.stderr.write(String(chunk).replace(/^(?=.)/gm, '  '));
    });
    child.on('close', (c) => {
      if (c !== 0) {
        clearLine();
        process.stderr.write(`\n${errors}\n`);
      }
      resolve(c ?? 1);
    });
  });
  clearInterval(timer);
  clearLine();
  if (code !== 0) {
    process.stderr.write('✖ npm ci failed (output above). Fix it and run `npm run dev` again.\n');
    process.exit(1);
  }
  writeFileSync(stampFile, lockHash());
  process.stderr.write(`✔ dependencies installed in ${seconds()} s\n`);
}

if (dependenciesStale()) await install();
const { register } = await import('tsx/esm/api');
register();
await import('./dev.ts');
