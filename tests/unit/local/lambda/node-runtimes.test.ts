import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeRuntimes } from '../../../../local/lambda/node-runtimes';

const hostMajor = Number(process.versions.node.split('.')[0]);
const otherMajor = hostMajor === 22 ? 24 : 22;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Node runtimes for functions’ declared majors', () => {
  it('use this process’s Node for its own major', async () => {
    expect(await new NodeRuntimes(mkdtempSync(path.join(os.tmpdir(), 'node-rt-'))).forMajor(hostMajor)).toEqual({ execPath: process.execPath, version: process.versions.node });
  });

  it('fetch another major from the npm registry once, verified, and run it', { timeout: 300_000 }, async () => {
    const runtime = await new NodeRuntimes().forMajor(otherMajor);
    expect(runtime.fallback).toBeUndefined();
    expect(runtime.version.split('.')[0]).toBe(String(otherMajor));
    expect(execFileSync(runtime.execPath, ['-p', 'process.version'], { encoding: 'utf8' }).trim()).toBe(`v${runtime.version}`);
  });

  it('never run a cached binary that no longer matches its record: without npm it falls back to this Node, saying why', async () => {
    // Prepare: a cache entry whose binary was changed after it was verified
    const cache = mkdtempSync(path.join(os.tmpdir(), 'node-rt-'));
    dirs.push(cache);
    const dir = path.join(cache, `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}@${otherMajor}`);
    mkdirSync(path.join(dir, 'package', 'bin'), { recursive: true });
    const binary = path.join(dir, 'package', 'bin', 'node');
    writeFileSync(binary, '#!/bin/sh\necho tampered\n', { mode: 0o755 });
    const recorded = Buffer.from('the binary as it was verified');
    writeFileSync(
      path.join(dir, 'verified.json'),
      JSON.stringify({ package: 'x', version: `${otherMajor}.0.0`, integrity: 'sha512-x', sha256: createHash('sha256').update(recorded).digest('hex'), size: recorded.length }),
    );
    const path0 = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      // Act
      const runtime = await new NodeRuntimes(cache).forMajor(otherMajor);
      // Assess
      expect(runtime).toMatchObject({ execPath: process.execPath, version: process.versions.node, fallback: expect.stringContaining(`Node.js ${otherMajor} could not be had from the npm registry`) });
    } finally {
      process.env.PATH = path0;
    }
  });
});
