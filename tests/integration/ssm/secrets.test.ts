import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, recordingReporter, startTestCloud } from '../../helpers/cloud';
import { materializeAmplifyProject, type AmplifyProject } from '../lambda/amplify-project';

const BRANCH = '/amplify/demo/dev-sandbox-0123456789';
const SHARED = '/amplify/shared/demo';
const API_KEY = 'sk_live_0123456789abcdef';

/** Runs `npm run secret -- …` without blocking this process (the local cloud runs in it). */
function secretScript(args: string[], project: AmplifyProject, input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['local/cli/flare-local.mjs', 'secret', ...args, '--state-dir', project.stateDir, '--cdk-out', project.cdkOut]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function start(project: AmplifyProject, records: LogRecord[]): Promise<LocalCloud> {
  return startTestCloud({
    projectDir: project.dir,
    cdkOut: project.cdkOut,
    stateDir: project.stateDir,
    services: [iamService(), createSsmService(), createLambdaService({ hotReload: false })],
    reporter: recordingReporter(records),
  });
}

/** A secret as `ampx sandbox secret set` (and `npm run secret -- set`) puts it. */
const putSecret = (ssm: SSMClient, name: string, value: string) => ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Description: 'Amplify Secret', Overwrite: true }));

/**
 * Amplify `secret()` values: SecureString parameters under the paths Amplify gives them
 * (set with `npm run secret`, or `ampx sandbox secret set` pointed at the local cloud), kept in
 * the state directory, and resolved by the real Amplify SSM banner of a function bundle at
 * cold start.
 */
describe('Amplify secrets in the local SSM', () => {
  let project: AmplifyProject;
  let cloud: LocalCloud;
  let ssm: SSMClient;
  const records: LogRecord[] = [];

  beforeAll(async () => {
    project = await materializeAmplifyProject();
    cloud = await start(project, records);
    ssm = new SSMClient(clientConfig(cloud));
    await putSecret(ssm, `${BRANCH}/API_KEY`, API_KEY);
    await putSecret(ssm, `${SHARED}/API_KEY`, 'shared-value');
  });
  afterAll(async () => {
    await cloud?.stop();
    project?.remove();
  });

  it('answers the branch and shared secret paths, each its own SecureString, decrypted only WithDecryption', async () => {
    // Act
    const decrypted = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY`, WithDecryption: true }));
    const encrypted = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY` }));
    const shared = await ssm.send(new GetParameterCommand({ Name: `${SHARED}/API_KEY`, WithDecryption: true }));

    // Assess
    expect(decrypted.Parameter).toMatchObject({ Name: `${BRANCH}/API_KEY`, Type: 'SecureString', Value: API_KEY, Version: 1 });
    expect(encrypted.Parameter?.Type).toBe('SecureString');
    expect(encrypted.Parameter?.Value).not.toContain(API_KEY);
    expect(shared.Parameter?.Value).toBe('shared-value');
  });

  it('lists secrets under the backend’s path, as `ampx sandbox secret list` reads them', async () => {
    const listed = await ssm.send(new GetParametersByPathCommand({ Path: BRANCH, WithDecryption: true }));
    expect(listed.Parameters?.map((p) => [p.Name, p.Value])).toEqual([[`${BRANCH}/API_KEY`, API_KEY]]);
  });

  it('the real Amplify banner of a bundle resolves parameters and secrets at cold start', async () => {
    // Prepare
    const greeter = cloud.services.get<import('../../../local/lambda').LambdaLocalService>('lambda').functions()[0];
    const lambda = new LambdaClient(clientConfig(cloud));

    // Act
    const result = await lambda.send(new InvokeCommand({ FunctionName: greeter.name, Payload: JSON.stringify({ name: 'Ada' }) }));

    // Assess
    expect(result.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(result.Payload!).toString())).toMatchObject({
      greeting: 'Good day, Ada.',
      style: 'formal',
      apiKeyLength: API_KEY.length,
      apiKeyIsPlaceholder: false,
    });
  });

  it('never logs a secret’s value', () => {
    expect(records.some((record) => record.message.includes(API_KEY))).toBe(false);
  });

  // Four runs of the script, each a Node process loading the SDK: minutes on a loaded machine, not a timing claim.
  it('npm run secret set / list / remove go through the running local cloud (PutParameter…), which sees the change at once', { timeout: 180_000 }, async () => {
    // Act: set a new value through the script, as a user would (piped, so no prompt)
    const set = await secretScript(['set', 'API_KEY'], project, 'rotated-value\n');
    const updated = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY`, WithDecryption: true }));
    const list = await secretScript(['list'], project);
    const removed = await secretScript(['remove', 'API_KEY'], project);
    const gone = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY` })).catch((e: unknown) => e);
    const again = await secretScript(['remove', 'API_KEY'], project);

    // Assess
    expect(set.status).toBe(0);
    expect(set.stderr).toContain('secret API_KEY set (version 2)');
    expect(updated.Parameter).toMatchObject({ Value: 'rotated-value', Version: 2 });
    expect(list.status).toBe(0);
    expect(list.stdout).toBe('API_KEY\n');
    expect(`${list.stdout}${list.stderr}${set.stdout}${set.stderr}`).not.toContain('rotated-value');
    expect(removed.status).toBe(0);
    expect(gone).toMatchObject({ name: 'ParameterNotFound' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('There is no secret API_KEY');
  });

  it('npm run secret refuses names SSM would refuse', { timeout: 60_000 }, async () => {
    const result = await secretScript(['set', 'bad name!'], project, 'x');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not valid');
  });
});

describe('npm run secret with no local cloud running', () => {
  let project: AmplifyProject;
  afterAll(() => project?.remove());

  it('sets the secret in the state directory through a local cloud of its own; the next start answers it', { timeout: 120_000 }, async () => {
    // Prepare
    project = await materializeAmplifyProject();

    // Act
    const set = await secretScript(['set', 'API_KEY'], project, 'offline-value');
    const cloud = await start(project, []);
    const value = await new SSMClient(clientConfig(cloud)).send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY`, WithDecryption: true }));
    await cloud.stop();

    // Assess
    expect(set.status).toBe(0);
    expect(set.stderr).toContain('secret API_KEY set (version 1)');
    expect(value.Parameter?.Value).toBe('offline-value');
  });

  it('imports the secrets file an earlier local cloud kept, under the branch and shared paths it answered them at', async () => {
    // Prepare: <state>/ssm/secrets.json as the local cloud wrote it before the state store
    const legacy = await materializeAmplifyProject();
    mkdirSync(path.join(legacy.stateDir, 'ssm'), { recursive: true });
    writeFileSync(path.join(legacy.stateDir, 'ssm', 'secrets.json'), JSON.stringify({ secrets: { API_KEY: { value: 'kept', version: 3, lastModified: '2026-11-01T00:00:00.000Z' } } }));

    // Act
    const cloud = await start(legacy, []);
    const ssm = new SSMClient(clientConfig(cloud));
    const branch = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY`, WithDecryption: true }));
    const shared = await ssm.send(new GetParameterCommand({ Name: `${SHARED}/API_KEY`, WithDecryption: true }));
    await cloud.stop();
    legacy.remove();

    // Assess
    expect(branch.Parameter).toMatchObject({ Value: 'kept', Version: 3, Type: 'SecureString' });
    expect(shared.Parameter?.Value).toBe('kept');
  });
});

describe('an Amplify secret that is not set', () => {
  let project: AmplifyProject;
  let cloud: LocalCloud;
  const records: LogRecord[] = [];

  beforeAll(async () => {
    project = await materializeAmplifyProject();
    cloud = await start(project, records);
  });
  afterAll(async () => {
    await cloud?.stop();
    project?.remove();
  });

  it('is named at start with the command that sets it', () => {
    const warning = records.find((record) => record.level === 'warn' && record.service === 'ssm');
    expect(warning?.message).toMatch(/^secret API_KEY is not set \(functions .+ read it at cold start\): flare-local secret set API_KEY$/);
  });

  it('leaves the function’s variable at Amplify’s placeholder, as on AWS', async () => {
    const greeter = cloud.services.get<import('../../../local/lambda').LambdaLocalService>('lambda').functions()[0];
    const result = await cloud.services.get<import('../../../local/lambda').LambdaLocalService>('lambda').invoke(greeter.name, { name: 'Bo' });
    expect(result.payload).toMatchObject({ greeting: 'Good day, Bo.', apiKeyIsPlaceholder: true });
  });
});
