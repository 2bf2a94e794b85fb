/**
 * A TypeScript Gen 2 backend in a `"type": "module"` project, run by the packed flare-local:
 * functions on the Node major they declare (nodejs22.x, nodejs24.x, raw CDK's nodejs20.x),
 * a raw-CDK CommonJS asset, storage triggers and a filtered S3 notification, and a
 * function whose aws-amplify storage client computes real AWS URLs.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProject, invokeFunction, packedInstall, startPackedCli, type RunningCli } from '../helpers/packed-cli';

const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
let cli: RunningCli;
let lambda: LambdaClient;
let s3: S3Client;
let bucket: string;

beforeAll(async () => {
  const install = await packedInstall();
  cli = await startPackedCli(install, fixtureProject(install, 'functions-ts'));
  lambda = new LambdaClient({ endpoint: cli.endpoint, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 });
  s3 = new S3Client({ endpoint: cli.endpoint, region: 'us-east-1', credentials: ROOT, forcePathStyle: true, maxAttempts: 1 });
  bucket = cli.outputs.storage.bucket_name as string;
}, 900_000);

afterAll(async () => {
  expect(await cli?.stop()).toBe(0);
}, 300_000);

const invoke = (friendly: string, event: unknown = {}) => invokeFunction(lambda, friendly, event);

/** Waits for a line of the local cloud's output (functions' logs are tagged lambda:<name>). */
async function outputLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = cli.output().split('\n').find((text) => pattern.test(text));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no output line matches ${pattern} within ${timeoutMs} ms:\n${cli.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('functions of a TypeScript backend run by the packed flare-local', () => {
  it('run on the Node major they declare (fetched from the npm registry), not on the Node of the local cloud', async () => {
    expect(await invoke('version-22')).toMatchObject({ node: expect.stringMatching(/^v22\./), executionEnv: 'AWS_Lambda_nodejs22.x' });
    expect(await invoke('version-24')).toMatchObject({ node: expect.stringMatching(/^v24\./), executionEnv: 'AWS_Lambda_nodejs24.x' });
  });

  it("load a raw-CDK asset's index.js as CommonJS, as Lambda does, although the project is \"type\": \"module\"", async () => {
    const result = await invoke('CommonJsFunction');
    expect(result).toMatchObject({ commonjs: true, folder: expect.stringMatching(/^asset\./) });
    expect(cli.output()).not.toContain('module is not defined');
  });

  it('deliver storage triggers with S3’s event shape, and a filtered notification only for the keys it names', { timeout: 120_000 }, async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/first note.txt', Body: 'hello' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/picture.png', Body: 'png' }));
    const uploaded = await outputLine(/on-upload .*"key":"uploads\/first\+note\.txt"/);
    expect(JSON.parse(uploaded.slice(uploaded.indexOf('{')))).toEqual({ eventName: 'ObjectCreated:Put', key: 'uploads/first+note.txt', size: 5, bucket });
    await outputLine(/on-upload .*"key":"uploads\/picture\.png"/);
    await outputLine(/commonjs-function .*"key":"uploads\/first\+note\.txt"/);

    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'uploads/picture.png' }));
    const deleted = await outputLine(/on-delete .*uploads\/picture\.png/);
    expect(deleted).toContain('"eventName":"ObjectRemoved:Delete"');
    // The .png and the delete were seen by the triggers; the filtered notification saw neither.
    expect(cli.output()).not.toMatch(/commonjs-function .*picture\.png/);
  });

  it('reach the local S3 when aws-amplify storage computes real AWS URLs inside a function, and say so', async () => {
    const result = await invoke('archive', { name: 'weekly.txt', text: 'all quiet' });
    expect(result).toEqual({ path: 'reports/weekly.txt', body: 'all quiet' });
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reports/weekly.txt' }));
    expect(await stored.Body!.transformToString()).toBe('all quiet');
    expect(cli.output()).toMatch(new RegExp(`${bucket.replace(/[.]/g, '\\.')}\\.s3\\.us-east-1\\.amazonaws\\.com is an AWS host name; functions of the local cloud reach only the local cloud`));
  });
});
