/**
 * Local physical ids and ARNs: AWS's formats, names given in properties, generated
 * names within each service's limits, stability per seed, and asset paths.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AssemblyError, CloudAssembly, IdGenerator, type AssemblyResource } from '../../../../local/assembly';
import { generatedName, type ResourceFacts } from '../../../../local/assembly/physical-ids';

const FIXTURE = path.resolve('tests/fixtures/assembly-intrinsics');
const ENDPOINT = 'http://127.0.0.1:4566';
const NESTED_HASH = '1'.repeat(64);
const ZIP_HASH = '2'.repeat(64);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** S3's rules: 3–63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const load = (seed?: string) => CloudAssembly.load({ dir: FIXTURE, endpoint: ENDPOINT, seed });

function byId(assembly: CloudAssembly, logicalId: string): AssemblyResource {
  const found = assembly.resources().find((r) => r.logicalId === logicalId);
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

describe('AWS formats', () => {
  const assembly = load('formats');
  const get = (logicalId: string) => byId(assembly, logicalId);

  it('user pools are <region>_<9 alphanumerics>, with ARN, provider name and a local provider URL', () => {
    const pool = get('UserPool');
    const id = pool.ref();
    expect(id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(pool.getAtt('Arn')).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${id}`);
    expect(pool.getAtt('ProviderName')).toBe(`cognito-idp.us-east-1.amazonaws.com/${id}`);
    expect(pool.getAtt('ProviderURL')).toBe(`${ENDPOINT}/${id}`);
    expect(pool.getAtt('UserPoolId')).toBe(id);
  });

  it('identity pools are <region>:<uuid v4>, and see the client and provider they are given', () => {
    const identityPool = get('IdentityPool');
    expect(identityPool.ref()).toMatch(new RegExp(`^us-east-1:${UUID_V4.source.slice(1, -1)}$`));
    expect(identityPool.properties().CognitoIdentityProviders).toEqual([
      { ClientId: get('UserPoolClient').ref(), ProviderName: `cognito-idp.us-east-1.amazonaws.com/${get('UserPool').ref()}` },
    ]);
    expect(get('UserPoolClient').ref()).toMatch(/^[a-z0-9]{26}$/);
  });

  it('tables are named by TableName when given, otherwise <stack>-<logicalId>-<12 chars>; ARNs in the local account', () => {
    expect(get('OrdersTable').ref()).toBe('orders-dev');
    expect(get('OrdersTable').getAtt('Arn')).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/orders-dev');
    const generated = get('EventsTable').ref();
    expect(generated).toMatch(/^Main-EventsTable-[A-Z0-9]{12}$/);
    expect(get('EventsTable').getAtt('Arn')).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${generated}`);
    // Only a table with a stream has a stream ARN.
    expect(get('EventsTable').getAtt('StreamArn')).toBeUndefined();
  });

  it('role ARNs carry the role\'s Path, and a RoleName given wins', () => {
    const role = get('ServiceRole');
    expect(role.ref()).toMatch(/^Main-ServiceRole-[A-Z0-9]{12}$/);
    expect(role.getAtt('Arn')).toBe(`arn:aws:iam::000000000000:role/service-role/${role.ref()}`);
    expect(role.getAtt('RoleId')).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(get('NamedRole').ref()).toBe('my-named-role');
    expect(get('NamedRole').getAtt('Arn')).toBe('arn:aws:iam::000000000000:role/my-named-role');
    expect(get('Handler').properties().Role).toBe(role.getAtt('Arn'));
  });

  it('generated S3 bucket names are lowercase and at most 63 characters, even from long stack and logical ids', () => {
    for (const logicalId of ['AttachmentsBucketWithAVeryLongLogicalIdentifierThatKeepsGoingAndGoing', 'NestedBucketWithAnExtremelyLongLogicalIdentifierForTruncation']) {
      const name = get(logicalId).ref();
      expect(name).toMatch(BUCKET_NAME);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(get(logicalId).getAtt('Arn')).toBe(`arn:aws:s3:::${name}`);
    }
  });

  it('a GraphQL API alone in the assembly is served at <endpoint>/graphql (an inactive second API does not count)', () => {
    const api = get('Api');
    expect(api.getAtt('GraphQLUrl')).toBe(`${ENDPOINT}/graphql`);
    expect(api.getAtt('RealtimeUrl')).toBe('ws://127.0.0.1:4566/graphql/realtime');
    expect(api.ref()).toBe(`arn:aws:appsync:us-east-1:000000000000:apis/${api.getAtt('ApiId')}`);
  });

  it('KMS keys are uuid v4 key ids with key ARNs, so that what names a key resolves', () => {
    const key = get('SenderKey');
    expect(key.ref()).toMatch(UUID_V4);
    expect(key.getAtt('KeyId')).toBe(key.ref());
    expect(key.getAtt('Arn')).toBe(`arn:aws:kms:us-east-1:000000000000:key/${key.ref()}`);
  });

  it('types without a rule get a stable opaque id, and their attributes fail loudly', () => {
    const probe = get('Probe');
    expect(probe.ref()).toMatch(/^Probe-[A-Z0-9]{12}$/);
    expect(() => probe.getAtt('Anything')).toThrowError(AssemblyError);
  });
});

describe('generatedName', () => {
  const facts = (stackName: string, logicalId: string): ResourceFacts => ({
    type: 'AWS::IAM::Role',
    logicalId,
    stackName,
    prop: () => undefined,
    ids: new IdGenerator('names'),
    endpoint: ENDPOINT,
    key: `${stackName}/${logicalId}`,
    countOfType: () => 1,
  });

  it('fits every limit, keeping the stack and logical id as far as room allows', () => {
    const longStack = 'amplify-flare-local-sandbox-f69c99f3d2-storage0321B5AA-1Q2W3E4R5T6Y';
    const longId = 'flareFilesBucketPolicyWithAnEvenLongerLogicalIdentifier1234ABCD';
    for (const max of [32, 63, 64, 128, 255]) {
      const name = generatedName(facts(longStack, longId), max);
      expect(name.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(name).toMatch(/^amplify-.*-[A-Z0-9]{12}$/);
    }
    expect(generatedName(facts('S', 'Role'), 64)).toMatch(/^S-Role-[A-Z0-9]{12}$/);
    expect(generatedName(facts(longStack, longId), 63, true)).toMatch(BUCKET_NAME);
  });
});

describe('stability', () => {
  const ids = (assembly: CloudAssembly) => Object.fromEntries(assembly.resources().map((r) => [`${r.stack.path}/${r.logicalId}`, r.ref()]));

  it('the same seed gives the same ids (restarts keep state attached)', () => {
    expect(ids(load('seed-1'))).toEqual(ids(load('seed-1')));
    expect(load('seed-1').rootOutputs()).toEqual(load('seed-1').rootOutputs());
  });

  it('a different seed gives different generated ids, and names given in properties stay', () => {
    const one = ids(load('seed-1'));
    const two = ids(load('seed-2'));
    const given = ['Main/OrdersTable', 'Main/NamedRole', 'Main/Nested/Queue', 'Shared/Topic'];
    for (const key of Object.keys(one)) {
      if (given.includes(key)) expect(two[key], key).toBe(one[key]);
      else expect(two[key], key).not.toBe(one[key]);
    }
  });

  it('without a seed every load is different', () => {
    expect(byId(load(), 'UserPool').ref()).not.toBe(byId(load(), 'UserPool').ref());
  });
});

describe('IdGenerator', () => {
  it('makes tokens of the length and alphabet asked for, and v4-shaped UUIDs', () => {
    const ids = new IdGenerator('seed');
    expect(ids.token('k', 40)).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(ids.lower('k', 70)).toMatch(/^[a-z0-9]{70}$/);
    expect(ids.upper('k', 5)).toMatch(/^[A-Z0-9]{5}$/);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) expect(ids.uuid(key)).toMatch(UUID_V4);
    expect(ids.uuid('a')).toBe(new IdGenerator('seed').uuid('a'));
    expect(ids.uuid('a')).not.toBe(ids.uuid('b'));
  });
});

describe('assetPath', () => {
  const assembly = load('assets');
  const zipDir = path.join(FIXTURE, `asset.${ZIP_HASH}`);

  it('finds an asset by its hash and by the object key CDK publishes it under', () => {
    expect(assembly.assetPath(ZIP_HASH)).toBe(zipDir);
    expect(assembly.assetPath(`${ZIP_HASH}.zip`)).toBe(zipDir);
    expect(assembly.assetPath(`${NESTED_HASH}.json`)).toBe(path.join(FIXTURE, 'MainNested.nested.template.json'));
    expect(assembly.assetPathFromUrl(`s3://cdk-assets/${ZIP_HASH}.zip`)).toBe(zipDir);
  });

  it('resolves a function\'s code from its S3Key to the asset directory', () => {
    const code = byId(assembly, 'Handler').properties().Code as { S3Key: string };
    expect(existsSync(path.join(assembly.assetPath(code.S3Key), 'index.mjs'))).toBe(true);
  });

  it('an unknown asset is an AssemblyError saying to synthesize again', () => {
    expect(() => assembly.assetPath('f'.repeat(64))).toThrowError(
      expect.objectContaining({ name: 'AssemblyError', message: `Asset ${'f'.repeat(64)} is not in the cloud assembly`, resolution: 'Re-run `npm run synth`.' }),
    );
  });
});
