import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureCloud, type FixtureCloud } from './helpers';

const BIN = path.resolve('local/cli/flare-local.mjs');

/** Runs `npm run invoke -- …` (`flare-local invoke`, in `cwd`) without blocking this process (the local cloud runs in it). */
function invokeScript(args: string[], cwd = process.cwd()): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.FLARE_PORT;
    const child = spawn(process.execPath, [BIN, 'invoke', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `npm run invoke -- <function> [--event file.json]` against a running local cloud. */
describe('npm run invoke', () => {
  let fixture: FixtureCloud;
  let dir: string;
  beforeAll(async () => {
    fixture = await startFixtureCloud();
    dir = mkdtempSync(path.join(os.tmpdir(), 'flare-invoke-'));
  });
  afterAll(async () => {
    await fixture?.cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires a function by its friendly name with the event file and prints the result; logs go to stderr', async () => {
    // Prepare
    const event = path.join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ incidentId: 'abc' }));

    // Act
    const result = await invokeScript(['echo', '--event', event, '--endpoint', fixture.cloud.endpoint]);

    // Assess
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ event: { incidentId: 'abc' }, functionName: fixture.nameOf('echo') });
    expect(result.stderr).toMatch(/START RequestId: \S+ Version: \$LATEST/);
    expect(result.stderr).toContain('echo returned in');
  });

  it('accepts the function’s full name too; a failing function prints its error and exits 1', async () => {
    const result = await invokeScript([fixture.nameOf('throws'), '--endpoint', fixture.cloud.endpoint]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
    expect(result.stderr).toContain('failed (Unhandled)');
  });

  it('--async invokes as a schedule does (Event) and says it was accepted', async () => {
    const result = await invokeScript(['logs', '--async', '--endpoint', fixture.cloud.endpoint]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('logs: accepted (202)');
  });

  it('an unknown function lists the ones there are', async () => {
    const result = await invokeScript(['nope', '--endpoint', fixture.cloud.endpoint]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('No function nope in the local cloud');
    expect(result.stderr).toMatch(/The functions are: .*\bcounter\b.*\becho\b/);
  });

  it('without a running local cloud it says how to start one', async () => {
    const result = await invokeScript(['echo', '--endpoint', 'http://127.0.0.1:1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No local cloud answers at http://127.0.0.1:1 (from --endpoint)');
    expect(result.stderr).toContain('Start it with `flare-local` in the project');
  });

  it('without --port or --endpoint it finds the running cloud as the app does, from amplify_outputs.json, and says so', async () => {
    // Prepare: a project folder whose outputs name the running cloud
    const project = mkdtempSync(path.join(os.tmpdir(), 'flare-invoke-project-'));
    writeFileSync(path.join(project, 'amplify_outputs.json'), JSON.stringify({ version: '1.4', custom: { local: { endpoint: fixture.cloud.endpoint, region: 'us-east-1' } } }));

    // Act
    const result = await invokeScript(['echo'], project);

    // Assess
    rmSync(project, { recursive: true, force: true });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`local cloud at ${fixture.cloud.endpoint} (from amplify_outputs.json (custom.local.endpoint))`);
    expect(JSON.parse(result.stdout)).toMatchObject({ functionName: fixture.nameOf('echo') });
  });

  it('outputs for a backend on AWS (no custom.local) are refused with what to pass instead', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'flare-invoke-project-'));
    writeFileSync(path.join(project, 'amplify_outputs.json'), JSON.stringify({ version: '1.4', data: { url: 'https://example.appsync-api.us-east-1.amazonaws.com/graphql' } }));
    const result = await invokeScript(['echo'], project);
    rmSync(project, { recursive: true, force: true });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('names no local cloud (no custom.local.endpoint: it is for a backend on AWS): pass --port or --endpoint');
  });
});
