/**
 * amplify_outputs.json for the local cloud: built through @aws-amplify/client-config
 * from Flare's synthesized assembly, cached per backend and endpoint, written atomically.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../local/assembly';
import { buildOutputs, buildOutputsCached, pruneOutputsCache, writeOutputs, type ClientConfig, type LocalOutputs } from '../../../../local/outputs';
import { onlyOfType } from '../../../helpers/local-assembly';

const ENDPOINT = 'http://127.0.0.1:45999';
const local: LocalOutputs = { endpoint: ENDPOINT, region: 'us-east-1' };
const load = (seed: string, endpoint = ENDPOINT) => CloudAssembly.load({ dir: path.resolve('.amplify/local/cdk.out'), endpoint, seed });

let assembly: CloudAssembly;
let outputs: ClientConfig;
let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'flare-outputs-'));
  assembly = load('outputs-test');
  outputs = await buildOutputs(assembly, local);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const only = (type: string) => onlyOfType(assembly, type);

describe('buildOutputs on Flare\'s assembly', () => {
  it('is a version 1.4 config with custom.local naming the endpoint, beside the backend\'s own custom outputs', () => {
    expect(outputs.version).toBe('1.4');
    expect(outputs.custom?.local).toEqual(local);
    // backend.addOutput({ custom }) as the local cloud evaluates it: API URLs keep AWS's shape, queue URLs are local.
    expect(outputs.custom?.alerts).toEqual({
      webhookUrl: expect.stringMatching(/^https:\/\/[a-z0-9]+\.execute-api\.us-east-1\.amazonaws\.com\/alerts\/$/),
      queueUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:45999\/000000000000\/.+-Alerts/),
      deadLetterQueueUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:45999\/000000000000\/.+-AlertDeadLetters/),
    });
  });

  it('auth points at the local user pool, client and identity pool, with the synthesized policy', () => {
    expect(outputs.auth).toMatchObject({
      user_pool_id: only('AWS::Cognito::UserPool').ref(),
      user_pool_client_id: only('AWS::Cognito::UserPoolClient').ref(),
      identity_pool_id: only('AWS::Cognito::IdentityPool').ref(),
      aws_region: 'us-east-1',
      username_attributes: ['email'],
      unauthenticated_identities_enabled: true,
      password_policy: { min_length: 8, require_lowercase: true, require_numbers: true, require_symbols: true, require_uppercase: true },
    });
    expect(outputs.auth!.groups).toEqual([{ ADMINS: { precedence: 0 } }, { RESPONDERS: { precedence: 1 } }]);
  });

  it('data is the local GraphQL endpoint with the API key, auth modes and the model introspection', () => {
    expect(outputs.data).toMatchObject({
      url: `${ENDPOINT}/graphql`,
      aws_region: 'us-east-1',
      api_key: only('AWS::AppSync::ApiKey').getAtt('ApiKey'),
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['API_KEY', 'AWS_IAM'],
    });
    const introspection = outputs.data!.model_introspection as { models: Record<string, { fields: Record<string, unknown> }>; enums: Record<string, unknown> };
    expect(Object.keys(introspection.models).sort()).toEqual(['Incident', 'Integration', 'MaintenanceWindow', 'Service', 'StatusUpdate', 'TimelineEvent']);
    expect(introspection.models.Incident.fields).toHaveProperty('fingerprint');
    expect(Object.keys(introspection.enums)).toEqual(expect.arrayContaining(['Severity', 'ServiceStatus']));
  });

  it('storage names the local bucket and its access rules', () => {
    const bucket = String(assembly.rootOutputs().bucketName);
    expect(outputs.storage).toMatchObject({ aws_region: 'us-east-1', bucket_name: bucket });
    const [only_] = outputs.storage!.buckets!;
    expect(only_.name).toBe('flareFiles');
    expect(only_.paths?.['attachments/*']).toEqual({ groupsRESPONDERS: ['get', 'list', 'write', 'delete'], groupsADMINS: ['get', 'list', 'write', 'delete'] });
  });
});

describe('buildOutputsCached', () => {
  const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('outputs-'));

  it('builds once, then answers from the cache file without building again', async () => {
    const cacheDir = path.join(scratch, 'cache-hit');
    const first = await buildOutputsCached(assembly, local, cacheDir);
    expect(first).toEqual(outputs);
    const [file] = cacheFiles(cacheDir);
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    // Mark the cached copy: only an answer read from the cache can carry the mark.
    const marked = { ...first, custom: { ...first.custom, marker: 'from-cache' } };
    writeFileSync(path.join(cacheDir, file), JSON.stringify(marked));
    const second = await buildOutputsCached(assembly, local, cacheDir);
    expect(second.custom).toMatchObject({ local, marker: 'from-cache' });
  });

  it('misses when the local endpoint changes, and when the ids (seed) change', async () => {
    const cacheDir = path.join(scratch, 'cache-miss');
    await buildOutputsCached(assembly, local, cacheDir);
    const [file] = cacheFiles(cacheDir);
    writeFileSync(path.join(cacheDir, file), JSON.stringify({ marker: 'stale' }));

    const moved = { endpoint: 'http://127.0.0.1:46000', region: 'us-east-1' };
    const elsewhere = await buildOutputsCached(load('outputs-test', moved.endpoint), moved, cacheDir);
    expect(elsewhere.custom?.local).toEqual(moved);
    expect(elsewhere.data!.url).toBe(`${moved.endpoint}/graphql`);
    expect(cacheFiles(cacheDir)).toHaveLength(2);

    const reseeded = await buildOutputsCached(load('another-seed'), local, cacheDir);
    expect(reseeded.auth!.user_pool_id).not.toBe(outputs.auth!.user_pool_id);
    expect(reseeded).not.toHaveProperty('marker');
    expect(cacheFiles(cacheDir)).toHaveLength(3);
  });
});

describe('pruneOutputsCache', () => {
  it('keeps the most recently used entries and deletes the rest (and nothing else)', async () => {
    // Prepare: entries last used at t = 1..5 s, plus an unrelated file.
    const cacheDir = path.join(scratch, 'prune');
    mkdirSync(cacheDir);
    for (const n of [3, 1, 5, 2, 4]) {
      const file = path.join(cacheDir, `outputs-${n}.json`);
      writeFileSync(file, '{}');
      utimesSync(file, n, n);
    }
    writeFileSync(path.join(cacheDir, 'notes.txt'), 'not an entry');

    // Act
    await pruneOutputsCache(cacheDir, 2);

    // Assess
    expect(readdirSync(cacheDir).sort()).toEqual(['notes.txt', 'outputs-4.json', 'outputs-5.json']);
  });

  it('a cache hit counts as a use', async () => {
    const cacheDir = path.join(scratch, 'prune-hit');
    await buildOutputsCached(assembly, local, cacheDir);
    const [file] = readdirSync(cacheDir);
    utimesSync(path.join(cacheDir, file), 1, 1);
    await buildOutputsCached(assembly, local, cacheDir);
    expect(Date.now() - statSync(path.join(cacheDir, file)).mtimeMs).toBeLessThan(60_000);
  });
});

describe('writeOutputs', () => {
  const big = (tag: string): ClientConfig => ({ ...outputs, custom: { local, tag, padding: tag.repeat(200_000) } });

  it('writes the whole file, pretty-printed with a final newline, and leaves no temp file', async () => {
    const dir = path.join(scratch, 'write');
    mkdirSync(dir);
    const file = path.join(dir, 'amplify_outputs.json');
    await writeOutputs(file, outputs);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "auth": {');
    expect(JSON.parse(text)).toEqual(outputs);
    expect(readdirSync(dir)).toEqual(['amplify_outputs.json']);
  });

  it('a reader never sees a partial file while it is rewritten', async () => {
    const dir = path.join(scratch, 'atomic');
    mkdirSync(dir);
    const file = path.join(dir, 'amplify_outputs.json');
    await writeOutputs(file, big('a'));
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as ClientConfig;
        expect(['a', 'b', 'c', 'd']).toContain(parsed.custom!.tag);
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (const tag of ['b', 'c', 'd', 'b', 'c', 'd']) await writeOutputs(file, big(tag));
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['amplify_outputs.json']);
  });

  it('concurrent writes to one file each land whole (two local clouds share a process)', async () => {
    const dir = path.join(scratch, 'concurrent');
    mkdirSync(dir);
    const file = path.join(dir, 'amplify_outputs.json');
    await Promise.all(['a', 'b', 'c', 'd'].map((tag) => writeOutputs(file, big(tag))));
    expect(['a', 'b', 'c', 'd']).toContain((JSON.parse(readFileSync(file, 'utf8')) as ClientConfig).custom!.tag);
    expect(readdirSync(dir)).toEqual(['amplify_outputs.json']);
  });

  it('a failed write leaves neither a partial file nor its temp file behind', async () => {
    const dir = path.join(scratch, 'failing');
    mkdirSync(path.join(dir, 'amplify_outputs.json'), { recursive: true });
    await expect(writeOutputs(path.join(dir, 'amplify_outputs.json'), outputs)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['amplify_outputs.json']);
  });
});
