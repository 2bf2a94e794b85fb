import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { createSsmService, SecretsFile } from '../../../local/ssm';
import { clientConfig, recordingReporter, startTestCloud } from '../../helpers/cloud';
import { materializeAmplifyProject, type AmplifyProject } from '../lambda/amplify-project';

const BRANCH = '/amplify/demo/dev-sandbox-0123456789';
const SHARED = '/amplify/shared/demo';
const API_KEY = 'sk_live_0123456789abcdef';

/** Runs `npm run secret -- …` without blocking this process (the local cloud runs in it). */
function secretScript(args: string[], stateDir: string, input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/secret.ts', ...args, '--state-dir', stateDir]);
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

/**
 * Amplify `secret()` values: kept in the state directory's secrets file (managed with
 * `npm run secret`), answered by the local SSM under the paths Amplify gives them, and
 * resolved by the real Amplify SSM banner of a function bundle at cold start.
 */
describe('Amplify secrets in the local SSM', () => {
  let project: AmplifyProject;
  let cloud: LocalCloud;
  let ssm: SSMClient;
  const records: LogRecord[] = [];

  beforeAll(async () => {
    project = await materializeAmplifyProject();
    new SecretsFile(SecretsFile.pathIn(project.stateDir)).set('API_KEY', API_KEY);
    cloud = await start(project, records);
    ssm = new SSMClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
    project?.remove();
  });

  it('answers the branch and shared secret paths as SecureString, decrypted only WithDecryption', async () => {
    // Act
    const decrypted = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY`, WithDecryption: true }));
    const encrypted = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY` }));
    const shared = await ssm.send(new GetParameterCommand({ Name: `${SHARED}/API_KEY`, WithDecryption: true }));

    // Assess
    expect(decrypted.Parameter).toMatchObject({ Name: `${BRANCH}/API_KEY`, Type: 'SecureString', Value: API_KEY, Version: 1 });
    expect(encrypted.Parameter?.Type).toBe('SecureString');
    expect(encrypted.Parameter?.Value).not.toContain(API_KEY);
    expect(shared.Parameter?.Value).toBe(API_KEY);
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

  it('npm run secret set / list / remove manage the file; a running cloud sees the change', async () => {
    // Act: set a new value through the script, as a user would (piped, so no prompt)
    const set = await secretScript(['set', 'API_KEY'], project.stateDir, 'rotated-value\n');
    const updated = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY`, WithDecryption: true }));
    const list = await secretScript(['list'], project.stateDir);
    const removed = await secretScript(['remove', 'API_KEY'], project.stateDir);
    const gone = await ssm.send(new GetParameterCommand({ Name: `${BRANCH}/API_KEY` })).catch((e: unknown) => e);
    const again = await secretScript(['remove', 'API_KEY'], project.stateDir);

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
    expect(again.stderr).toContain('there is no secret API_KEY');
  });

  it('npm run secret refuses names SSM would refuse', async () => {
    const result = await secretScript(['set', 'bad name!'], project.stateDir, 'x');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not valid');
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
    expect(warning?.message).toMatch(/^secret API_KEY is not set \(functions .+ read it at cold start\): npm run secret -- set API_KEY$/);
  });

  it('leaves the function’s variable at Amplify’s placeholder, as on AWS', async () => {
    const greeter = cloud.services.get<import('../../../local/lambda').LambdaLocalService>('lambda').functions()[0];
    const result = await cloud.services.get<import('../../../local/lambda').LambdaLocalService>('lambda').invoke(greeter.name, { name: 'Bo' });
    expect(result.payload).toMatchObject({ greeting: 'Good day, Bo.', apiKeyIsPlaceholder: true });
  });
});
