/**
 * The assembly reader over Flare's own synthesized backend (`npm run synth` →
 * .amplify/local/cdk.out): everything evaluates, and the root outputs that
 * amplify_outputs.json is made of point at the local resources.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../local/assembly';
import { onlyOfType } from '../../../helpers/local-assembly';

const CDK_OUT = path.resolve('.amplify/local/cdk.out');
const ENDPOINT = 'http://127.0.0.1:45666';

let assembly: CloudAssembly;
beforeAll(() => {
  if (!existsSync(path.join(CDK_OUT, 'manifest.json'))) throw new Error('No synthesized assembly: run `npm run synth` first');
  assembly = CloudAssembly.load({ dir: CDK_OUT, endpoint: ENDPOINT, seed: 'flare-assembly-test' });
});

const only = (type: string) => onlyOfType(assembly, type);

describe('Flare\'s synthesized assembly', () => {
  it('has one root stack with the nested auth, data, storage and function stacks', () => {
    expect(assembly.roots).toHaveLength(1);
    expect(assembly.roots[0].name).toMatch(/^amplify-flare-local-sandbox-[0-9a-f]{10}$/);
    expect(assembly.stacks().length).toBe(assembly.ofType('AWS::CloudFormation::Stack').length + 1);
    const nested = assembly.stacks().slice(1).map((stack) => stack.path.split('/').pop()!);
    for (const part of ['auth', 'data', 'storage']) expect(nested.some((id) => id.startsWith(part)), part).toBe(true);
  });

  it('evaluates every resource\'s properties and Ref without error', () => {
    const failures: string[] = [];
    for (const resource of assembly.resources()) {
      try {
        resource.properties();
        expect(typeof resource.ref()).toBe('string');
      } catch (error) {
        failures.push(`${resource.cdkPath} (${resource.type}): ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(assembly.resources().length).toBeGreaterThan(200);
  });

  it('root outputs point at the local resources', () => {
    const outputs = assembly.rootOutputs();
    const pool = only('AWS::Cognito::UserPool');
    const api = only('AWS::AppSync::GraphQLApi');
    expect(outputs.userPoolId).toBe(pool.ref());
    expect(outputs.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(outputs.webClientId).toBe(only('AWS::Cognito::UserPoolClient').ref());
    expect(outputs.identityPoolId).toBe(only('AWS::Cognito::IdentityPool').ref());
    expect(outputs.identityPoolId).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(outputs.awsAppsyncApiEndpoint).toBe(`${ENDPOINT}/graphql`);
    expect(outputs.awsAppsyncApiId).toBe(api.getAtt('ApiId'));
    expect(outputs.awsAppsyncApiKey).toBe(only('AWS::AppSync::ApiKey').getAtt('ApiKey'));
    expect(outputs.awsAppsyncApiKey).toMatch(/^da2-[a-z0-9]{26}$/);
    expect(outputs.region).toBe('us-east-1');
    expect(outputs.authRegion).toBe('us-east-1');
    // The model schema URI names a bucket of the assembly and a key a bucket deployment puts there.
    const bucketNames = assembly.ofType('AWS::S3::Bucket').map((bucket) => bucket.ref());
    expect(outputs.amplifyApiModelSchemaS3Uri).toMatch(/^s3:\/\/[a-z0-9.-]+\/model-schema\.graphql$/);
    expect(bucketNames).toContain(outputs.amplifyApiModelSchemaS3Uri.slice('s3://'.length).split('/')[0]);
    expect(bucketNames).toContain(outputs.bucketName);
    for (const name of bucketNames) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/);
    }
    const functionNames = assembly.ofType('AWS::Lambda::Function').map((fn) => fn.ref());
    for (const name of JSON.parse(outputs.definedFunctions) as string[]) expect(functionNames).toContain(name);
  });

  it('every table is named and has an ARN and, as Amplify asks, a stream ARN', () => {
    const tables = assembly.ofType('Custom::AmplifyDynamoDBTable');
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const table of tables) {
      const name = table.ref();
      expect(table.getAtt('TableArn')).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${name}`);
      expect(table.getAtt('TableStreamArn')).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${name}/stream/`));
    }
  });

  it('every function\'s code is an asset directory in the assembly', () => {
    for (const fn of assembly.ofType('AWS::Lambda::Function')) {
      const code = fn.properties().Code as { S3Key?: string; ZipFile?: string };
      if (code.ZipFile !== undefined) continue;
      expect(existsSync(assembly.assetPath(code.S3Key!)), fn.cdkPath).toBe(true);
    }
  });
});
