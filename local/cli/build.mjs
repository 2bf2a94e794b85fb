// Builds the published form of flare-local into dist/ (run by `npm pack` / `npm publish`
// through prepack; postpack removes it again, so that inside Flare's repository the
// sources are what runs). `node cli/build.mjs --clean` only removes dist/.
//
// - dist/cli.mjs, dist/index.mjs: the CLI and the library, bundled with their shared
//   code in chunks; dependencies stay imports (installed beside the package).
// - dist/client.mjs: the client adapter for apps (browsers and Node).
// - dist/runtime/bootstrap.mjs, dist/synth-trace.mjs: files the code starts as separate
//   processes or loaders, found next to the bundle as they are next to the sources.
// - dist/console/: the console's web build (the package holds no Vite to build it).
// - dist/types/: declarations for the library and the client.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
if (process.argv.includes('--clean')) process.exit(0);

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const common = { bundle: true, format: 'esm', packages: 'external', target: 'node20', logLevel: 'warning', absWorkingDir: root };

await esbuild.build({
  ...common,
  platform: 'node',
  entryPoints: { cli: 'cli/main.ts', index: 'index.ts' },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: '[name]-[hash]',
});
await esbuild.build({ ...common, platform: 'neutral', entryPoints: { client: 'client/index.ts' }, outdir: dist, outExtension: { '.js': '.mjs' } });

// The console, built once here: an installed package has its sources' build, not Vite (local/console/build.ts).
const vite = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', '--config', path.join(root, 'console', 'vite.config.ts'), '--outDir', path.join(dist, 'console'), '--emptyOutDir', '--logLevel', 'warn'], {
  cwd: path.join(root, 'console'),
  env: { ...process.env, NODE_ENV: 'production' },
  stdio: 'inherit',
});
if (vite.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(vite.status ?? 1);
}

mkdirSync(path.join(dist, 'runtime'), { recursive: true });
cpSync(path.join(root, 'lambda', 'runtime'), path.join(dist, 'runtime'), { recursive: true });
cpSync(path.join(root, 'assembly', 'synth-trace.mjs'), path.join(dist, 'synth-trace.mjs'));

const tsconfig = path.join(dist, 'tsconfig.types.json');
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, noCheck: true, outDir: 'types', rootDir: '..' },
    files: ['../index.ts', '../client/index.ts'],
    include: [],
  }),
);
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], { stdio: 'inherit' });
rmSync(tsconfig);
if (tsc.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(tsc.status ?? 1);
}
