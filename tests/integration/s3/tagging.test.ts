import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { failure, roleCredentials, s3Client, startS3Cloud } from './helpers';

/** Object and bucket tagging as the S3 API reference documents it (TagSet, x-amz-tagging, limits). */
describe('S3 tagging', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  const bucket = 'tagging-tests';
  beforeAll(async () => {
    cloud = await startS3Cloud();
    s3 = s3Client(cloud);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => cloud?.stop());

  const put = (Key: string, Tagging?: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key, Tagging }));
  const tagsOf = async (Key: string) => (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key }))).TagSet;

  describe('serialization', () => {
    it('PutObjectTagging then GetObjectTagging returns the TagSet in order; HEAD and GET carry x-amz-tagging-count', async () => {
      // Prepare
      await put('tagged.txt');

      // Act
      await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged.txt', Tagging: { TagSet: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: 'é 1' }] } }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'tagged.txt' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'tagged.txt' }));

      // Assess
      expect(await tagsOf('tagged.txt')).toEqual([{ Key: 'b', Value: '2' }, { Key: 'a', Value: 'é 1' }]);
      expect(head.TagCount).toBe(2);
      expect(got.TagCount).toBe(2);
    });

    it('an object without tags has an empty TagSet and no x-amz-tagging-count', async () => {
      await put('untagged.txt');
      expect(await tagsOf('untagged.txt')).toEqual([]);
      expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'untagged.txt' }))).TagCount).toBeUndefined();
    });

    it('the x-amz-tagging header of PutObject is URL-encoded tags', async () => {
      await put('header.txt', 'project=flare&path=a%2Fb&empty=');
      expect(await tagsOf('header.txt')).toEqual([{ Key: 'project', Value: 'flare' }, { Key: 'path', Value: 'a/b' }, { Key: 'empty', Value: '' }]);
    });

    it('bucket tagging: Put, Get, Delete; a bucket without tags is NoSuchTagSet (404)', async () => {
      await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'team', Value: 'ops' }] } }));
      const tagged = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
      await s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
      const error = await failure(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
      expect(tagged.TagSet).toEqual([{ Key: 'team', Value: 'ops' }]);
      expect(error.name).toBe('NoSuchTagSet');
      expect(error.message).toBe('The TagSet does not exist');
      expect(error.$metadata?.httpStatusCode).toBe(404);
    });
  });

  describe('validation', () => {
    const invalid = async (TagSet: { Key: string; Value: string }[]) => {
      await put('limits.txt');
      return failure(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'limits.txt', Tagging: { TagSet } })));
    };

    it('more than 10 object tags is InvalidTag (400)', async () => {
      const error = await invalid(Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })));
      expect(error.name).toBe('InvalidTag');
      expect(error.message).toBe('Object tags cannot be greater than 10');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('a key over 128 characters, a value over 256, a duplicate key or an aws: prefix is InvalidTag', async () => {
      expect((await invalid([{ Key: 'k'.repeat(129), Value: 'v' }])).message).toBe('The TagKey you have provided is too long, max 128');
      expect((await invalid([{ Key: 'k', Value: 'v'.repeat(257) }])).message).toBe('The TagValue you have provided is too long, max 256');
      expect((await invalid([{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }])).message).toBe('Cannot provide multiple Tags with the same key');
      expect((await invalid([{ Key: 'aws:reserved', Value: 'v' }])).message).toBe('Your TagKey cannot be prefixed with aws:');
      expect((await invalid([{ Key: 'bad<char>', Value: 'v' }])).name).toBe('InvalidTag');
    });

    it('exactly 10 tags with a 128-character key and a 256-character value are accepted', async () => {
      await put('at-limits.txt');
      const TagSet = Array.from({ length: 10 }, (_, i) => ({ Key: `${i}`.padEnd(128, 'k'), Value: 'v'.repeat(256) }));
      await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'at-limits.txt', Tagging: { TagSet } }));
      expect(await tagsOf('at-limits.txt')).toEqual(TagSet);
    });

    it('an x-amz-tagging header over the limits fails the PutObject, and no object is written', async () => {
      const header = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&');
      const error = await failure(put('too-many.txt', header));
      expect(error.name).toBe('InvalidTag');
      expect((await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'too-many.txt' })))).name).toBe('NotFound');
    });

    it('tagging a missing object is NoSuchKey', async () => {
      const error = await failure(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'missing', Tagging: { TagSet: [] } })));
      expect(error.name).toBe('NoSuchKey');
      expect((await failure(s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'missing' })))).name).toBe('NoSuchKey');
    });

    it('more than 50 bucket tags is InvalidTag', async () => {
      const TagSet = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      const error = await failure(s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet } })));
      expect(error.name).toBe('InvalidTag');
      expect(error.message).toBe('Bucket tag count cannot be greater than 50');
    });
  });

  describe('behaviour', () => {
    it('DeleteObjectTagging removes every tag and keeps the object', async () => {
      await put('delete-tags.txt', 'a=1');
      await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'delete-tags.txt' }));
      expect(await tagsOf('delete-tags.txt')).toEqual([]);
      expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'delete-tags.txt' }))).Body!.transformToString()).toBe('delete-tags.txt');
    });

    it('overwriting an object replaces its tags (a PUT without x-amz-tagging leaves none)', async () => {
      await put('overwrite.txt', 'a=1');
      await put('overwrite.txt');
      expect(await tagsOf('overwrite.txt')).toEqual([]);
    });

    it('CopyObject copies the source tags by default and takes x-amz-tagging with TaggingDirective REPLACE', async () => {
      await put('copy-source.txt', 'origin=source');
      await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-default.txt', CopySource: `${bucket}/copy-source.txt` }));
      await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-replace.txt', CopySource: `${bucket}/copy-source.txt`, TaggingDirective: 'REPLACE', Tagging: 'origin=copy' }));
      expect(await tagsOf('copy-default.txt')).toEqual([{ Key: 'origin', Value: 'source' }]);
      expect(await tagsOf('copy-replace.txt')).toEqual([{ Key: 'origin', Value: 'copy' }]);
    });

    it('CreateMultipartUpload\'s x-amz-tagging tags the completed object', async () => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'multipart.bin', Tagging: 'kind=multipart' }));
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'multipart.bin', UploadId, PartNumber: 1, Body: 'only part' }));
      await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'multipart.bin', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }));
      expect(await tagsOf('multipart.bin')).toEqual([{ Key: 'kind', Value: 'multipart' }]);
    });

    it('a role allowed s3:PutObject but not s3:PutObjectTagging cannot tag (header or operation)', async () => {
      // Amplify grants responders write on attachments/* (s3:PutObject), never object tagging.
      const files = cloud.outputs.storage!.bucket_name;
      const user = s3Client(cloud, { credentials: roleCredentials(cloud, 'amplifyAuthRESPONDERSGroupRole', 'us-east-1:tagger') });
      await user.send(new PutObjectCommand({ Bucket: files, Key: 'attachments/plain.txt', Body: 'x' }));
      const viaHeader = await failure(user.send(new PutObjectCommand({ Bucket: files, Key: 'attachments/tagged.txt', Body: 'x', Tagging: 'a=1' })));
      const viaOperation = await failure(user.send(new PutObjectTaggingCommand({ Bucket: files, Key: 'attachments/plain.txt', Tagging: { TagSet: [] } })));
      expect(viaHeader.name).toBe('AccessDenied');
      expect(viaOperation.name).toBe('AccessDenied');
    });
  });
});
