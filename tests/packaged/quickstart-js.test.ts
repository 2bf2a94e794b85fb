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
import { existsSync } from 'node:fs';
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
});

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
