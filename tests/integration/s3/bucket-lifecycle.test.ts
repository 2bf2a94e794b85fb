import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { failure, filesBucket, roleCredentials, s3Client, startS3Cloud } from './helpers';

/**
 * CreateBucket, DeleteBucket, HeadBucket and ListBuckets as the S3 API reference documents
 * them; buckets made at run time live in the state directory beside the assembly's.
 */
describe('S3 buckets made at run time', () => {
  let stateDir: string;
  let cloud: LocalCloud;
  const client = (region = 'us-east-1') => s3Client(cloud, { region });
  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'flare-s3-buckets-'));
    cloud = await startS3Cloud({ stateDir });
  });
  afterAll(async () => {
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  describe('serialization', () => {
    it('CreateBucket in us-east-1 answers its Location; the bucket is listed, headed and located (empty constraint)', async () => {
      // Act
      const created = await client().send(new CreateBucketCommand({ Bucket: 'made-in-virginia' }));
      const head = await client().send(new HeadBucketCommand({ Bucket: 'made-in-virginia' }));
      const location = await client().send(new GetBucketLocationCommand({ Bucket: 'made-in-virginia' }));
      const { Buckets } = await client().send(new ListBucketsCommand({}));

      // Assess
      expect(created.Location).toBe('/made-in-virginia');
      expect(head.BucketRegion).toBe('us-east-1');
      expect(location.LocationConstraint).toBeUndefined();
      expect(Buckets?.find((b) => b.Name === 'made-in-virginia')).toMatchObject({ BucketRegion: 'us-east-1' });
      expect(Buckets?.find((b) => b.Name === 'made-in-virginia')?.CreationDate).toBeInstanceOf(Date);
    });

    it('a client of another region sends its region as the constraint: the bucket is located there', async () => {
      await client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'made-in-ireland' }));
      const head = await client('eu-west-1').send(new HeadBucketCommand({ Bucket: 'made-in-ireland' }));
      const location = await client('eu-west-1').send(new GetBucketLocationCommand({ Bucket: 'made-in-ireland' }));
      expect(head.BucketRegion).toBe('eu-west-1');
      expect(location.LocationConstraint).toBe('eu-west-1');
    });

    it('ListBuckets pages with MaxBuckets and ContinuationToken, filtered by Prefix and BucketRegion', async () => {
      // Prepare
      for (const name of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) await client().send(new CreateBucketCommand({ Bucket: name }));
      await client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'page-f' }));

      // Act
      const first = await client().send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'page-' }));
      const second = await client().send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'page-', ContinuationToken: first.ContinuationToken }));
      const rest = await client().send(new ListBucketsCommand({ MaxBuckets: 10, Prefix: 'page-', ContinuationToken: second.ContinuationToken }));
      const irish = await client().send(new ListBucketsCommand({ Prefix: 'page-', BucketRegion: 'eu-west-1' }));

      // Assess
      expect(first.Buckets?.map((b) => b.Name)).toEqual(['page-a', 'page-b']);
      expect(first.Prefix).toBe('page-');
      expect(first.ContinuationToken).toEqual(expect.any(String));
      expect(first.ContinuationToken).not.toContain('page-b');
      expect(second.Buckets?.map((b) => b.Name)).toEqual(['page-c', 'page-d']);
      expect(rest.Buckets?.map((b) => b.Name)).toEqual(['page-e', 'page-f']);
      expect(rest.ContinuationToken).toBeUndefined();
      expect(irish.Buckets?.map((b) => b.Name)).toEqual(['page-f']);
    });
  });

  describe('validation', () => {
    it.each(['ab', 'Upper-case', 'a..b', '192.168.5.4', 'xn--punycode', 'sthree-bucket', 'my-bucket-s3alias', 'my-bucket--ol-s3', '-leading', 'trailing-', 'under_score', 'a'.repeat(64)])(
      'CreateBucket %s is InvalidBucketName (400)',
      async (Bucket) => {
        const error = await failure(client().send(new CreateBucketCommand({ Bucket })));
        expect(error.name).toBe('InvalidBucketName');
        expect(error.message).toBe('The specified bucket is not valid.');
        expect(error.$metadata?.httpStatusCode).toBe(400);
      },
    );

    it('naming us-east-1 as the constraint is InvalidLocationConstraint', async () => {
      const error = await failure(client().send(new CreateBucketCommand({ Bucket: 'named-virginia', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })));
      expect(error.name).toBe('InvalidLocationConstraint');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('a constraint other than the regional endpoint\'s region is IllegalLocationConstraintException', async () => {
      const error = await failure(client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'wrong-region', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })));
      expect(error.name).toBe('IllegalLocationConstraintException');
      expect(error.message).toBe('The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('re-creating one\'s own bucket: 200 in us-east-1 (legacy), BucketAlreadyOwnedByYou (409) elsewhere', async () => {
      await client().send(new CreateBucketCommand({ Bucket: 'twice-virginia' }));
      await client().send(new PutObjectCommand({ Bucket: 'twice-virginia', Key: 'kept', Body: 'kept' }));
      await client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'twice-ireland' }));

      await client().send(new CreateBucketCommand({ Bucket: 'twice-virginia' }));
      const error = await failure(client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'twice-ireland' })));

      expect(await (await client().send(new GetObjectCommand({ Bucket: 'twice-virginia', Key: 'kept' }))).Body!.transformToString()).toBe('kept');
      expect(error.name).toBe('BucketAlreadyOwnedByYou');
      expect(error.$metadata?.httpStatusCode).toBe(409);
    });

    it('ListBuckets with MaxBuckets outside 1..10000 is InvalidArgument; a forged token is refused', async () => {
      expect((await failure(client().send(new ListBucketsCommand({ MaxBuckets: 0 })))).name).toBe('InvalidArgument');
      expect((await failure(client().send(new ListBucketsCommand({ MaxBuckets: 10001 })))).name).toBe('InvalidArgument');
      expect((await failure(client().send(new ListBucketsCommand({ ContinuationToken: 'not-a-token' })))).name).toBe('InvalidArgument');
    });

    it('Object Lock on CreateBucket answers NotImplemented, naming it', async () => {
      const error = await failure(client().send(new CreateBucketCommand({ Bucket: 'locked-bucket', ObjectLockEnabledForBucket: true })));
      expect(error.name).toBe('NotImplemented');
      expect(error.message).toContain('Object Lock');
      expect((await failure(client().send(new HeadBucketCommand({ Bucket: 'locked-bucket' })))).name).toBe('NotFound');
    });

    it('a role without s3:CreateBucket is AccessDenied and no bucket is made', async () => {
      const user = s3Client(cloud, { credentials: roleCredentials(cloud, 'amplifyAuthauthenticatedUserRole', 'us-east-1:someone') });
      const error = await failure(user.send(new CreateBucketCommand({ Bucket: 'not-allowed-bucket' })));
      expect(error.name).toBe('AccessDenied');
      expect((await failure(client().send(new HeadBucketCommand({ Bucket: 'not-allowed-bucket' })))).name).toBe('NotFound');
    });
  });

  describe('behaviour', () => {
    it('DeleteBucket of a bucket with objects is BucketNotEmpty (409); once empty it is deleted (204)', async () => {
      // Prepare
      await client().send(new CreateBucketCommand({ Bucket: 'to-delete' }));
      await client().send(new PutObjectCommand({ Bucket: 'to-delete', Key: 'k', Body: 'x' }));

      // Act
      const error = await failure(client().send(new DeleteBucketCommand({ Bucket: 'to-delete' })));
      await client().send(new DeleteObjectCommand({ Bucket: 'to-delete', Key: 'k' }));
      const deleted = await client().send(new DeleteBucketCommand({ Bucket: 'to-delete' }));

      // Assess
      expect(error.name).toBe('BucketNotEmpty');
      expect(error.message).toBe('The bucket you tried to delete is not empty');
      expect(error.$metadata?.httpStatusCode).toBe(409);
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      const head = await failure(client().send(new HeadBucketCommand({ Bucket: 'to-delete' })));
      expect(head.name).toBe('NotFound');
      expect(head.$metadata?.httpStatusCode).toBe(404);
      expect((await failure(client().send(new DeleteBucketCommand({ Bucket: 'to-delete' })))).name).toBe('NoSuchBucket');
    });

    it('created buckets and their objects survive a restart; a deleted assembly bucket is declared again', async () => {
      // Prepare
      await client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'survives-restart' }));
      await client().send(new PutObjectCommand({ Bucket: 'survives-restart', Key: 'k', Body: 'durable' }));
      const files = filesBucket(cloud);
      const assemblyCreated = (await client().send(new ListBucketsCommand({}))).Buckets!.find((b) => b.Name === files)!.CreationDate;
      await client().send(new DeleteBucketCommand({ Bucket: files }));
      expect((await failure(client().send(new HeadBucketCommand({ Bucket: files })))).name).toBe('NotFound');

      // Act
      await cloud.stop();
      cloud = await startS3Cloud({ stateDir });

      // Assess
      const head = await client('eu-west-1').send(new HeadBucketCommand({ Bucket: 'survives-restart' }));
      expect(head.BucketRegion).toBe('eu-west-1');
      expect(await (await client().send(new GetObjectCommand({ Bucket: 'survives-restart', Key: 'k' }))).Body!.transformToString()).toBe('durable');
      const listed = (await client().send(new ListBucketsCommand({}))).Buckets!;
      expect(listed.map((b) => b.Name)).toEqual(expect.arrayContaining([files, 'survives-restart', 'made-in-ireland']));
      expect(listed.find((b) => b.Name === files)!.CreationDate!.getTime()).toBeGreaterThanOrEqual(assemblyCreated!.getTime());
      expect(listed.map((b) => b.Name)).not.toContain('to-delete');
    });
  });
});
