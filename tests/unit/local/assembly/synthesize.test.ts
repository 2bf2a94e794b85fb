/**
 * Offline synthesis: the content hash of a backend, the synth cache, the lock two
 * synthesizing processes share, and what a failing backend reports. The backend is a
 * tiny fake project whose amplify/backend.ts is a plain script that writes a cloud
 * assembly manifest (a real CDK synth takes 15 s), run exactly as a real one is.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SynthesisError, synthesize } from '../../../../local/assembly';
import { backendHash, sandboxContext, summarizeCdkFailure } from '../../../../local/assembly/synthesize';

/** Logs its start and end to synth-log.txt, takes a little while, writes the manifest; fails when amplify/fail.txt says so. */
const BACKEND = `
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const log = path.join(process.cwd(), 'synth-log.txt');
appendFileSync(log, 'start ' + process.pid + '\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
const failure = path.join(process.cwd(), 'amplify', 'fail.txt');
if (existsSync(failure)) {
  console.log('some progress output');
  throw new Error(readFileSync(failure, 'utf8').trim());
}
const out = process.env.CDK_OUTDIR as string;
mkdirSync(out, { recursive: true });
if (!existsSync(path.join(process.cwd(), 'amplify', 'no-manifest.txt'))) {
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: {}, context: JSON.parse(process.env.CDK_CONTEXT_JSON as string) }));
}
appendFileSync(log, 'end ' + process.pid + '\\n');
`;

let project: string;
beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'flare-synth-'));
  mkdirSync(path.join(project, 'amplify', 'data'), { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fake', type: 'module' }));
  writeFileSync(path.join(project, 'amplify', 'backend.ts'), BACKEND);
  writeFileSync(path.join(project, 'amplify', 'data', 'resource.ts'), 'export const data = 1;\n');
  writeFileSync(path.join(project, 'README.md'), '# fake\n');
  // The synth runs `node --import tsx`, resolved from the project, as in a real one.
  symlinkSync(path.resolve('node_modules'), path.join(project, 'node_modules'), 'dir');
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const runs = () => (existsSync(path.join(project, 'synth-log.txt')) ? readFileSync(path.join(project, 'synth-log.txt'), 'utf8').trim().split('\n') : []);
// The namespace is the project's package.json name, as `ampx sandbox` takes it.
const context = sandboxContext('fake', 'local');
const lockDir = () => path.join(project, '.amplify', 'local', 'synth.lock');

describe('backendHash', () => {
  it('is stable for the same files and context', async () => {
    expect(await backendHash(project, context)).toBe(await backendHash(project, context));
    expect(await backendHash(project, context)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a file under amplify/ changes, is added or is renamed', async () => {
    const before = await backendHash(project, context);
    writeFileSync(path.join(project, 'amplify', 'data', 'resource.ts'), 'export const data = 2;\n');
    const edited = await backendHash(project, context);
    expect(edited).not.toBe(before);
    writeFileSync(path.join(project, 'amplify', 'data', 'handler.ts'), '');
    const added = await backendHash(project, context);
    expect(added).not.toBe(edited);
    renameSync(path.join(project, 'amplify', 'data', 'handler.ts'), path.join(project, 'amplify', 'data', 'handler2.ts'));
    expect(await backendHash(project, context)).not.toBe(added);
  });

  it('changes with the lockfile and the context', async () => {
    const before = await backendHash(project, context);
    writeFileSync(path.join(project, 'package-lock.json'), '{}');
    expect(await backendHash(project, context)).not.toBe(before);
    expect(await backendHash(project, sandboxContext('flare', 'someone-else'))).not.toBe(await backendHash(project, context));
  });

  it('does not change for files outside amplify/, nor for node_modules or .amplify inside it', async () => {
    const before = await backendHash(project, context);
    writeFileSync(path.join(project, 'README.md'), '# changed\n');
    mkdirSync(path.join(project, 'app'));
    writeFileSync(path.join(project, 'app', 'main.tsx'), 'export {};\n');
    mkdirSync(path.join(project, 'amplify', 'node_modules', 'x'), { recursive: true });
    writeFileSync(path.join(project, 'amplify', 'node_modules', 'x', 'index.js'), '');
    mkdirSync(path.join(project, 'amplify', '.amplify'), { recursive: true });
    writeFileSync(path.join(project, 'amplify', '.amplify', 'state'), '');
    expect(await backendHash(project, context)).toBe(before);
  });
});

// Each test runs real (small) synths, a Node process apiece: minutes on a loaded machine, not a timing claim.
describe('synthesize', { timeout: 180_000 }, () => {
  it('runs amplify/backend.ts with the sandbox context into .amplify/local/cdk.out, then answers from the cache', async () => {
    const first = await synthesize({ projectDir: project, typeCheck: false });
    expect(first.cached).toBe(false);
    expect(first.outDir).toBe(path.join(project, '.amplify', 'local', 'cdk.out'));
    const manifest = JSON.parse(readFileSync(path.join(first.outDir, 'manifest.json'), 'utf8')) as { context: Record<string, unknown> };
    expect(manifest.context).toEqual(context);
    expect(first.hash).toBe(await backendHash(project, context));
    expect(existsSync(`${first.outDir}.staging`)).toBe(false);

    const second = await synthesize({ projectDir: project, typeCheck: false });
    expect(second).toMatchObject({ cached: true, hash: first.hash, outDir: first.outDir });
    expect(runs()).toHaveLength(2); // one start, one end: the backend ran once
    expect(existsSync(lockDir())).toBe(false);
  });

  it('synthesizes again when amplify/ changes, when forced, and when the output is gone', async () => {
    await synthesize({ projectDir: project, typeCheck: false });
    writeFileSync(path.join(project, 'amplify', 'data', 'resource.ts'), 'export const data = 3;\n');
    expect((await synthesize({ projectDir: project, typeCheck: false })).cached).toBe(false);
    expect((await synthesize({ projectDir: project, typeCheck: false, force: true })).cached).toBe(false);
    rmSync(path.join(project, '.amplify', 'local', 'cdk.out'), { recursive: true });
    expect((await synthesize({ projectDir: project, typeCheck: false })).cached).toBe(false);
    expect(runs().filter((line) => line.startsWith('start'))).toHaveLength(4);
  });

  it('a failing backend is a SynthesisError with the error in its details, and the previous output stays', async () => {
    const good = await synthesize({ projectDir: project, typeCheck: false });
    writeFileSync(path.join(project, 'amplify', 'fail.txt'), 'ValidationError: the data schema has no models');
    const error = await synthesize({ projectDir: project, typeCheck: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SynthesisError);
    const synthesisError = error as SynthesisError;
    expect(synthesisError.message).toBe('Synthesis of amplify/backend.ts failed');
    expect(synthesisError.details).toContain('ValidationError: the data schema has no models');
    expect(synthesisError.details).not.toContain('some progress output');
    expect(synthesisError.resolution).toBe('Fix the error above in your backend definition and run again.');
    expect(existsSync(path.join(good.outDir, 'manifest.json'))).toBe(true);
    expect(existsSync(lockDir())).toBe(false);
  });

  it('a backend that exits without writing a manifest is a SynthesisError too', async () => {
    writeFileSync(path.join(project, 'amplify', 'no-manifest.txt'), '');
    await expect(synthesize({ projectDir: project, typeCheck: false })).rejects.toBeInstanceOf(SynthesisError);
  });
});

describe('synthesis as ampx does it', { timeout: 180_000 }, () => {
  it('prefers amplify/backend.js to backend.ts, as ampx\'s backend locator does, and names the entry it ran', async () => {
    writeFileSync(path.join(project, 'amplify', 'backend.js'), BACKEND.replace('as string', '').replace('as string', ''));
    const progress: string[] = [];
    await synthesize({ projectDir: project, typeCheck: false, onProgress: (message) => progress.push(message) });
    expect(progress).toEqual(['synthesizing amplify/backend.js']);
    rmSync(path.join(project, 'amplify', 'backend.js'));
    writeFileSync(path.join(project, 'amplify', 'backend.mjs'), 'throw new Error("the .mjs entry ran");\n');
    const error = (await synthesize({ projectDir: project, typeCheck: false }).catch((caught: unknown) => caught)) as SynthesisError;
    expect(error.message).toBe('Synthesis of amplify/backend.mjs failed');
    expect(error.details).toContain('the .mjs entry ran');
  });

  it('type-checks only a TypeScript project (amplify/tsconfig.json), and then a type error fails the synth', async () => {
    writeFileSync(path.join(project, 'amplify', 'data', 'resource.ts'), 'export const data: number = "not a number";\n');
    expect((await synthesize({ projectDir: project, typeCheck: true })).cached).toBe(false);
    writeFileSync(path.join(project, 'amplify', 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'es2022', moduleResolution: 'bundler', target: 'es2022', types: [] }, include: ['data'] }));
    const error = (await synthesize({ projectDir: project, typeCheck: true }).catch((caught: unknown) => caught)) as SynthesisError;
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error.message).toBe('TypeScript validation of amplify/ failed');
    expect(error.details).toMatch(/error TS2322/);
  }, 120_000);

  it('notices changes to modules the backend imports from outside amplify/', async () => {
    mkdirSync(path.join(project, 'shared'));
    writeFileSync(path.join(project, 'shared', 'settings.ts'), 'export const retention = 7;\n');
    writeFileSync(path.join(project, 'amplify', 'backend.ts'), `import { retention } from '../shared/settings';\nconsole.log(retention);\n${BACKEND}`);
    expect((await synthesize({ projectDir: project, typeCheck: false })).cached).toBe(false);
    expect((await synthesize({ projectDir: project, typeCheck: false })).cached).toBe(true);
    writeFileSync(path.join(project, 'shared', 'settings.ts'), 'export const retention = 30;\n');
    expect((await synthesize({ projectDir: project, typeCheck: false })).cached).toBe(false);
  });

  it('keeps esbuild\'s own headline at the top of a failed function bundle\'s summary', () => {
    const output = [
      'Bundling asset amplify-app-local-sandbox/function/hello/Resource/Code/Stage...',
      '✘ [ERROR] Could not resolve "left-pad"',
      '',
      '    amplify/functions/hello/handler.ts:1:20:',
      '      1 │ import leftPad from "left-pad";',
      '',
      'Error: Failed to bundle asset amplify-app-local-sandbox/function/hello/Resource/Code/Stage, bundle output is located at /tmp/x: Error: esbuild exited with status 1',
      '    at NodejsFunction.bundle (/project/node_modules/aws-cdk-lib/core/lib/asset-staging.js:2:100)',
    ].join('\n');
    const summary = summarizeCdkFailure(output);
    expect(summary.split('\n')[0]).toBe('✘ [ERROR] Could not resolve "left-pad"');
    expect(summary).toContain('Error: Failed to bundle asset');
    expect(summary).not.toContain('node_modules/aws-cdk-lib');
  });
});

describe('the synth lock', () => {
  it('two concurrent synths of one project do not interleave, and the second finds the first one\'s output', async () => {
    const [a, b] = await Promise.all([synthesize({ projectDir: project, typeCheck: false }), synthesize({ projectDir: project, typeCheck: false })]);
    expect([a.cached, b.cached].sort()).toEqual([false, true]);
    expect(runs().map((line) => line.split(' ')[0])).toEqual(['start', 'end']);
  });

  it('two concurrent forced synths run one after the other', async () => {
    await Promise.all([synthesize({ projectDir: project, typeCheck: false, force: true }), synthesize({ projectDir: project, typeCheck: false, force: true })]);
    const lines = runs();
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
    expect(lines[0].split(' ')[1]).toBe(lines[1].split(' ')[1]);
    expect(lines[2].split(' ')[1]).toBe(lines[3].split(' ')[1]);
  });

  it('a lock left by a dead process is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(lockDir(), { recursive: true });
    writeFileSync(path.join(lockDir(), 'pid'), String(dead));
    const result = await synthesize({ projectDir: project, typeCheck: false });
    expect(result.cached).toBe(false);
    expect(existsSync(lockDir())).toBe(false);
  });

  it('a lock held by a live process is waited for, then taken once its owner is gone', async () => {
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      mkdirSync(lockDir(), { recursive: true });
      writeFileSync(path.join(lockDir(), 'pid'), String(owner.pid));
      let settled = false;
      const waiting = synthesize({ projectDir: project, typeCheck: false }).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(settled).toBe(false);
      expect(runs()).toEqual([]);
      const exited = new Promise((resolve) => owner.once('exit', resolve));
      owner.kill();
      await exited;
      expect((await waiting).cached).toBe(false);
    } finally {
      owner.kill();
    }
  });
});
