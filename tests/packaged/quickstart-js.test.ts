/**
 * The thinnest whole path a Gen 2 user takes: the packed flare-local installed in a project
 * outside this repository, `flare-local` run in a plain-JavaScript backend (auth + one
 * model, no amplify/tsconfig.json), and the real aws-amplify client configured with the
 * package's one-line adapter signing in and writing data.
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProject, packedClient, packedInstall, startPackedCli, type PackedInstall, type RunningCli } from '../helpers/packed-cli';

const PASSWORD = 'Quick-start-2026!';
let install: PackedInstall;
let cli: RunningCli;

beforeAll(async () => {
  install = await packedInstall();
  const project = fixtureProject(install, 'quickstart-js');
  expect(existsSync(path.join(project, 'amplify', 'tsconfig.json'))).toBe(false);
  cli = await startPackedCli(install, project);
}, 900_000);

afterAll(async () => {
  await signOut().catch(() => undefined);
  expect(await cli?.stop()).toBe(0);
}, 300_000);

describe('a JavaScript Gen 2 backend run by the packed flare-local', () => {
  it('is installed from a tarball outside this repository', () => {
    expect(install.dir.startsWith(path.resolve('.'))).toBe(false);
    expect(path.basename(install.tarball)).toMatch(/^flare-local-\d+\.\d+\.\d+\.tgz$/);
  });

  it('synthesizes amplify/backend.js without a type check and writes the outputs with custom.local', () => {
    expect(cli.output()).toMatch(/synthesizing amplify\/backend\.js|synth cache hit/);
    expect(cli.output()).not.toMatch(/type errors/);
    expect(cli.outputs.custom.local.endpoint).toBe(cli.endpoint);
    expect(cli.outputs.auth.user_pool_id).toMatch(/^us-east-1_/);
    expect(cli.outputs.data.url).toBe(`${cli.endpoint}/graphql`);
  });

  it('serves the console it ships built (an installed package has no Vite to build it)', async () => {
    const page = await fetch(`${cli.endpoint}/_flare/console/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/_flare/console/assets/');
    const script = /src="(\/_flare\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'the console page names its script').toBeDefined();
    expect((await fetch(`${cli.endpoint}${script}`)).status).toBe(200);
  });

  it('serves the real aws-amplify client configured with withLocalCloud(outputs)', async () => {
    const { withLocalCloud } = await packedClient(install);
    const email = `quick-${Date.now()}@example.com`;
    const cognito = new CognitoIdentityProviderClient({ endpoint: cli.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const UserPoolId = cli.outputs.auth.user_pool_id as string;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: PASSWORD, Permanent: true }));

    Amplify.configure(withLocalCloud(cli.outputs, { WebSocket }) as Parameters<typeof Amplify.configure>[0]);
    const signedIn = await signIn({ username: email, password: PASSWORD });
    expect(signedIn.isSignedIn).toBe(true);

    const client = generateClient<any>();
    const created = await client.models.Note.create({ title: 'first note', pinned: true });
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({ title: 'first note', pinned: true, owner: expect.any(String) });
    const listed = await client.models.Note.list({});
    expect(listed.data.map((note: { title: string }) => note.title)).toEqual(['first note']);
  });

  it('returns the outputs unchanged when they are not the local cloud\'s (AWS)', async () => {
    const { withLocalCloud } = await packedClient(install);
    const aws = { ...cli.outputs, custom: undefined };
    expect(withLocalCloud(aws)).toBe(aws);
  });
});

// Each test runs the installed command a few times: minutes on a loaded machine, not a timing claim.
describe('the packed flare-local command line', { timeout: 180_000 }, () => {
  const run = (args: string[], cwd = install.dir) => spawnSync(install.bin, args, { cwd, encoding: 'utf8' });

  it('--help names every command and the one-line client change; --version is the package’s', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['start', 'synth', 'outputs', 'invoke', 'secret']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(help.stdout).toContain('Amplify.configure(withLocalCloud(outputs));');
    const version = run(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(install.packageDir, 'package.json'), 'utf8')).version);
  });

  it('synth and outputs work on --project <dir> from another folder', () => {
    const project = path.join(install.dir, 'projects', 'quickstart-js');
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'flare-outputs-'));
    try {
      const synth = run(['synth', '--project', project]);
      expect(synth.status, synth.stderr).toBe(0);
      const outputs = run(['outputs', '--project', project, '--port', '4639', '--outputs-out-dir', outDir]);
      expect(outputs.status, outputs.stderr).toBe(0);
      const written = JSON.parse(readFileSync(path.join(outDir, 'amplify_outputs.json'), 'utf8'));
      expect(written.custom.local.endpoint).toBe('http://127.0.0.1:4639');
      expect(written.auth.user_pool_id).toMatch(/^us-east-1_/);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('errors name the fix: a folder without a backend, an unknown command, a bad flag', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'flare-empty-'));
    try {
      const noBackend = run(['start', '--project', empty]);
      expect(noBackend.status).toBe(1);
      expect(noBackend.stderr).toContain(`No Amplify Gen 2 backend in ${empty}: amplify/backend.(`);
      expect(noBackend.stderr).toContain('or pass --project <dir>');
      expect(noBackend.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const unknown = run(['deploy']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "deploy": the commands are start, synth, outputs, invoke, secret');
    expect(unknown.stderr).toContain('flare-local --help');
    const badFlag = run(['start', '--prot', '1']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain('--prot');
  });
});
