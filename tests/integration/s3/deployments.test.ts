import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { roleCredentials, s3Client, startS3Cloud } from './helpers';

/** Flare's bucket deployments (Custom::CDKBucketDeployment) are in their buckets as soon as the local cloud is up. */
describe('S3 bucket deployments of Flare', () => {
  let cloud: LocalCloud;
  let root: S3Client;
  beforeAll(async () => {
    cloud = await startS3Cloud();
    root = s3Client(cloud);
  });
  afterAll(() => cloud?.stop());

  /** The value an SSM parameter of the assembly holds (how functions learn the bucket and key). */
  const parameter = (suffix: string) => {
    const found = cloud.assembly.ofType('AWS::SSM::Parameter').find((p) => String(p.properties().Name).endsWith(suffix));
    if (!found) throw new Error(`No SSM parameter ending ${suffix}`);
    return String(found.properties().Value);
  };

  it('the model introspection schema is where the functions are told to read it, byte for byte', async () => {
    // Prepare
    const Bucket = parameter('/AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME');
    const Key = parameter('/AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY');
    const deployment = cloud.assembly.ofType('Custom::CDKBucketDeployment').find((d) => d.properties().DestinationBucketName === Bucket)!;
    const asset = cloud.assembly.assetPath((deployment.properties().SourceObjectKeys as string[])[0]);

    // Act
    const got = await root.send(new GetObjectCommand({ Bucket, Key }));

    // Assess
    expect(await got.Body!.transformToString()).toBe(readFileSync(path.join(asset, Key), 'utf8'));
    expect(got.ContentType).toBe('application/json');
  });

  it("a function's own role may read it (the function's IAM policy, evaluated)", async () => {
    const Bucket = parameter('/AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME');
    const Key = parameter('/AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY');
    const fn = s3Client(cloud, { credentials: roleCredentials(cloud, 'escalatelambdaServiceRole') });
    const got = await fn.send(new GetObjectCommand({ Bucket, Key }));
    expect(JSON.parse(await got.Body!.transformToString())).toHaveProperty('models');
  });

  it('the codegen assets bucket holds the model schema', async () => {
    const bucket = cloud.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('amplifyDataAmplifyCodegenAssets'))!.ref();
    const listed = await root.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['model-schema.graphql']);
  });

  it('the start-up table says how many buckets run and how many objects were deployed', () => {
    expect(cloud.services.get('s3').summary!()).toBe('3 buckets, 2 objects deployed');
    expect(cloud.notRun.has('Custom::CDKBucketDeployment')).toBe(false);
    expect(cloud.notRun.has('Custom::S3AutoDeleteObjects')).toBe(false);
  });
});
