import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketPolicyCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalCloud } from '../../../local';
import { failure, roleCredentials, s3Client, startS3Cloud } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

/** Bucket CORS, policy and lifecycle configuration put at run time, as the S3 API reference documents them. */
describe('S3 bucket configuration at run time', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  // Lifecycle expiration reads this clock; the tests move it forward.
  let now = Date.parse('2026-12-07T12:00:00Z');
  const bucket = 'configured-bucket';
  beforeAll(async () => {
    cloud = await startS3Cloud({ clock: () => now, lifecycleSweepMs: 25 });
    s3 = s3Client(cloud);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => cloud?.stop());

  const preflight = (origin: string, method: string) =>
    fetch(`${cloud.endpoint}/${bucket}/k`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method } });

  describe('CORS', () => {
    it('PutBucketCors rules are returned by GetBucketCors and answer preflights; DeleteBucketCors turns CORS off', async () => {
      // Prepare
      expect((await preflight('https://app.example.com', 'PUT')).status).toBe(403);

      // Act
      await s3.send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: { CORSRules: [{ ID: 'app', AllowedMethods: ['PUT', 'GET'], AllowedOrigins: ['https://*.example.com'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300 }] },
        }),
      );
      const stored = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
      const allowed = await preflight('https://app.example.com', 'PUT');
      const refused = await preflight('https://evil.test', 'PUT');
      await s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
      const afterDelete = await preflight('https://app.example.com', 'PUT');

      // Assess
      expect(stored.CORSRules).toEqual([{ ID: 'app', AllowedMethods: ['PUT', 'GET'], AllowedOrigins: ['https://*.example.com'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300 }]);
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(allowed.headers.get('access-control-max-age')).toBe('300');
      expect(refused.status).toBe(403);
      expect(afterDelete.status).toBe(403);
      expect(await afterDelete.text()).toContain('CORS is not enabled for this bucket');
      expect((await failure(s3.send(new GetBucketCorsCommand({ Bucket: bucket })))).name).toBe('NoSuchCORSConfiguration');
    });

    it('an unsupported method is InvalidRequest; an origin with two wildcards is InvalidRequest', async () => {
      const method = await failure(s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] } })));
      const origin = await failure(s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://*.*.example.com'] }] } })));
      expect(method.name).toBe('InvalidRequest');
      expect(method.message).toBe('Found unsupported HTTP method in CORS config. Unsupported method is PATCH');
      expect(origin.name).toBe('InvalidRequest');
    });
  });

  describe('policy', () => {
    const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

    it('a put policy is returned, evaluated (anonymous read of public/*) and, once deleted, no longer grants', async () => {
      // Prepare
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'public/a.txt', Body: 'public' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'private/a.txt', Body: 'private' }));
      const document = policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/public/*` });
      expect((await fetch(`${cloud.endpoint}/${bucket}/public/a.txt`)).status).toBe(403);

      // Act
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: document }));
      const stored = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
      const publicRead = await fetch(`${cloud.endpoint}/${bucket}/public/a.txt`);
      const privateRead = await fetch(`${cloud.endpoint}/${bucket}/private/a.txt`);
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      const afterDelete = await fetch(`${cloud.endpoint}/${bucket}/public/a.txt`);

      // Assess
      expect(JSON.parse(stored.Policy!)).toEqual(JSON.parse(document));
      expect(publicRead.status).toBe(200);
      expect(await publicRead.text()).toBe('public');
      expect(privateRead.status).toBe(403);
      expect(afterDelete.status).toBe(403);
      expect((await failure(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })))).name).toBe('NoSuchBucketPolicy');
    });

    it('an explicit Deny put at run time beats a role\'s identity policy', async () => {
      // Prepare: responders may write attachments/* in the storage bucket.
      const files = cloud.outputs.storage!.bucket_name;
      const responder = s3Client(cloud, { credentials: roleCredentials(cloud, 'amplifyAuthRESPONDERSGroupRole', 'us-east-1:responder') });
      await responder.send(new PutObjectCommand({ Bucket: files, Key: 'attachments/before.txt', Body: 'x' }));
      const { Policy: declared } = await s3.send(new GetBucketPolicyCommand({ Bucket: files }));
      const statements = JSON.parse(declared!).Statement as object[];

      // Act
      const deny = { Sid: 'NoAttachments', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${files}/attachments/*` };
      await s3.send(new PutBucketPolicyCommand({ Bucket: files, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [...statements, deny] }) }));
      const error = await failure(responder.send(new PutObjectCommand({ Bucket: files, Key: 'attachments/after.txt', Body: 'x' })));

      // Assess
      expect(error.name).toBe('AccessDenied');
      expect(error.message).toMatch(/with an explicit deny in a resource-based policy$/);
    });

    it('malformed policies are MalformedPolicy (400): not JSON, a resource of another bucket, no principal', async () => {
      const notJson = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: 'not json' })));
      const otherBucket = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }) })));
      const noPrincipal = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }) })));
      expect([notJson.name, otherBucket.name, noPrincipal.name]).toEqual(['MalformedPolicy', 'MalformedPolicy', 'MalformedPolicy']);
      expect(notJson.$metadata?.httpStatusCode).toBe(400);
      expect(otherBucket.message).toBe('Policy has invalid resource');
      expect(noPrincipal.message).toBe('Missing required field Principal');
    });
  });

  describe('lifecycle', () => {
    it('rules are returned as put; none is NoSuchLifecycleConfiguration; Delete removes them', async () => {
      expect((await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })))).name).toBe('NoSuchLifecycleConfiguration');
      const Rules = [
        { ID: 'tmp', Status: 'Enabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
        { ID: 'uploads', Status: 'Disabled' as const, Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
      ];
      await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules } }));
      const stored = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      await s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
      expect(stored.Rules).toEqual(Rules);
      expect((await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })))).name).toBe('NoSuchLifecycleConfiguration');
    });

    it('invalid rules: Days 0, a Date not at midnight, no action, duplicate IDs; transitions are NotImplemented', async () => {
      const put = (Rules: object[]) => failure(s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: Rules as never } })));
      const zero = await put([{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 0 } }]);
      const noon = await put([{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Date: new Date('2027-01-01T12:00:00Z') } }]);
      const noAction = await put([{ Status: 'Enabled', Filter: { Prefix: '' } }]);
      const duplicate = await put([{ ID: 'a', Status: 'Enabled', Filter: { Prefix: 'x' }, Expiration: { Days: 1 } }, { ID: 'a', Status: 'Enabled', Filter: { Prefix: 'y' }, Expiration: { Days: 1 } }]);
      const transition = await put([{ Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }]);
      expect([zero.name, zero.message]).toEqual(['InvalidArgument', "'Days' for Expiration action must be a positive integer"]);
      expect([noon.name, noon.message]).toEqual(['InvalidArgument', "'Date' must be at midnight GMT"]);
      expect([noAction.name, noAction.message]).toEqual(['InvalidRequest', 'At least one action needs to be specified in a rule']);
      expect(duplicate.message).toBe('Rule ID must be unique. Found same ID for more than one rule');
      expect(transition.name).toBe('NotImplemented');
      expect(transition.message).toContain('Lifecycle transitions');
    });

    it('expiration by Days (rounded up to midnight UTC) and by tag filter follows the local clock', async () => {
      // Prepare: objects made "now" (12:00 UTC); a 1-day rule expires them at the second midnight after.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tmp/old.txt', Body: 'x' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/old.txt', Body: 'x' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/tagged.txt', Body: 'x', Tagging: 'expire=yes' }));
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: {
            Rules: [
              { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
              { ID: 'tagged', Status: 'Enabled', Filter: { Tag: { Key: 'expire', Value: 'yes' } }, Expiration: { Days: 1 } },
            ],
          },
        }),
      );
      const real = Date.now();
      const key = (k: string) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k })).then(() => true, () => false);

      // Act: the clock moves to the next day 10:00 UTC (not yet expired), then past the midnight a day after creation.
      now = real - (real % DAY) + DAY + 10 * 60 * 60 * 1000; // the next day, 10:00 UTC
      await new Promise((resolve) => setTimeout(resolve, 200));
      const beforeMidnight = await key('tmp/old.txt');
      now = Math.ceil((real + DAY) / DAY) * DAY + 1000;

      // Assess
      expect(beforeMidnight).toBe(true);
      await vi.waitFor(async () => expect(await key('tmp/old.txt')).toBe(false), { timeout: 5000, interval: 50 });
      await vi.waitFor(async () => expect(await key('keep/tagged.txt')).toBe(false), { timeout: 5000, interval: 50 });
      expect(await key('keep/old.txt')).toBe(true);
    });
  });
});
