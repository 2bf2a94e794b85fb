import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { checksumOf } from '../../../local/s3/checksums';
import { bytes, failure, filesBucket, s3Client, startS3Cloud } from './helpers';

/** Object operations with the real SDK v3 S3 client, as the local root, against Flare's files bucket. */
describe('S3 objects', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let bucket: string;
  beforeAll(async () => {
    cloud = await startS3Cloud();
    s3 = s3Client(cloud);
    bucket = filesBucket(cloud);
  });
  afterAll(() => cloud?.stop());

  const put = (Key: string, Body: string | Buffer, extra: Record<string, unknown> = {}) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ...extra }));
  const text = async (Key: string, extra: Record<string, unknown> = {}) => {
    const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key, ...extra }));
    return { result, body: await result.Body!.transformToString() };
  };

  describe('serialization', () => {
    it('PutObject answers the MD5 ETag in quotes and the CRC32 the SDK sent', async () => {
      // Act
      const result = await put('ser/etag.txt', 'hello');

      // Assess
      expect(result.ETag).toBe(`"${createHash('md5').update('hello').digest('hex')}"`);
      expect(result.ChecksumCRC32).toBe(checksumOf('CRC32', Buffer.from('hello')));
      expect(result.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(result.$metadata.extendedRequestId).toBeTruthy();
    });

    it('GetObject returns content type, metadata, stored headers, Last-Modified and Content-Length', async () => {
      // Prepare
      await put('ser/meta.json', '{"a":1}', {
        ContentType: 'application/json',
        Metadata: { owner: 'Ada', 'x-kind': 'note' },
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="meta.json"',
        ContentLanguage: 'en',
      });

      // Act
      const { result, body } = await text('ser/meta.json');

      // Assess
      expect(body).toBe('{"a":1}');
      expect(result.ContentType).toBe('application/json');
      expect(result.ContentLength).toBe(7);
      expect(result.Metadata).toEqual({ owner: 'Ada', 'x-kind': 'note' });
      expect(result.CacheControl).toBe('max-age=60');
      expect(result.ContentDisposition).toBe('attachment; filename="meta.json"');
      expect(result.ContentLanguage).toBe('en');
      expect(result.AcceptRanges).toBe('bytes');
      expect(Math.abs(result.LastModified!.getTime() - Date.now())).toBeLessThan(5000);
    });

    it('keys keep spaces, plus signs, unicode, dots and double slashes', async () => {
      // Prepare
      const keys = ['ser/a b+c.txt', 'ser/ünïcødé/日本.txt', 'ser/x//y/../z', "ser/quote'(paren)*!~.txt", 'ser/%41 percent'];

      // Act
      for (const key of keys) await put(key, key);

      // Assess
      for (const key of keys) expect((await text(key)).body).toBe(key);
    });

    it('an object put without a content type reads back as binary/octet-stream', async () => {
      // Prepare: the SDK always sends one, so send the request without the header through a middleware.
      const command = new PutObjectCommand({ Bucket: bucket, Key: 'ser/no-type', Body: 'x' });
      command.middlewareStack.add((next) => (args) => {
        delete (args.request as { headers: Record<string, string> }).headers['content-type'];
        return next(args);
      }, { step: 'build' });
      await s3.send(command);

      // Act
      const { result } = await text('ser/no-type');

      // Assess
      expect(result.ContentType).toBe('binary/octet-stream');
    });

    it('HeadObject answers the headers of GetObject without a body', async () => {
      // Prepare
      await put('ser/head.txt', 'twelve bytes', { ContentType: 'text/plain', Metadata: { a: 'b' } });

      // Act
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ser/head.txt' }));

      // Assess
      expect(head.ContentLength).toBe(12);
      expect(head.ContentType).toBe('text/plain');
      expect(head.Metadata).toEqual({ a: 'b' });
      expect(head.ETag).toBe(`"${createHash('md5').update('twelve bytes').digest('hex')}"`);
    });
  });

  describe('validation', () => {
    it('GetObject of a missing key is NoSuchKey (404) with the key in the error', async () => {
      // Act
      const error = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'val/missing' })));

      // Assess
      expect(error.name).toBe('NoSuchKey');
      expect(error.message).toBe('The specified key does not exist.');
      expect(error.$metadata?.httpStatusCode).toBe(404);
      expect(error.Key).toBe('val/missing');
    });

    it('HeadObject of a missing key is 404 NotFound', async () => {
      const error = await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'val/missing' })));
      expect(error.name).toBe('NotFound');
      expect(error.$metadata?.httpStatusCode).toBe(404);
    });

    it('any operation on a bucket that is not in the assembly is NoSuchBucket (404)', async () => {
      const error = await failure(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' })));
      expect(error.name).toBe('NoSuchBucket');
      expect(error.message).toBe('The specified bucket does not exist');
      expect(error.BucketName).toBe('no-such-bucket-here');
      expect(error.$metadata?.httpStatusCode).toBe(404);
    });

    it('a Range beyond the object is InvalidRange (416)', async () => {
      await put('val/range.txt', '0123456789');
      const error = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'val/range.txt', Range: 'bytes=10-20' })));
      expect(error.name).toBe('InvalidRange');
      expect(error.$metadata?.httpStatusCode).toBe(416);
      expect(error.ActualObjectSize).toBe('10');
    });

    it('If-Match with another ETag is PreconditionFailed (412); If-None-Match with the ETag is 304', async () => {
      // Prepare
      const { ETag } = await put('val/cond.txt', 'v1');

      // Act
      const failed = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'val/cond.txt', IfMatch: '"0000"' })));
      const unchanged = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'val/cond.txt', IfNoneMatch: ETag })));

      // Assess
      expect(failed.name).toBe('PreconditionFailed');
      expect(failed.$metadata?.httpStatusCode).toBe(412);
      expect(unchanged.$metadata?.httpStatusCode).toBe(304);
    });

    it('If-Unmodified-Since in the past is 412; If-Modified-Since in the future of the object is 304', async () => {
      await put('val/dates.txt', 'x');
      const past = new Date(Date.now() - 3600_000);
      const later = new Date(Date.now() + 2000);
      const failed = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'val/dates.txt', IfUnmodifiedSince: past })));
      expect(failed.$metadata?.httpStatusCode).toBe(412);
      // If-Modified-Since after the last modification (but not in the server's future) → 304.
      await new Promise((r) => setTimeout(r, 2100));
      const unchanged = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'val/dates.txt', IfModifiedSince: later })));
      expect(unchanged.$metadata?.httpStatusCode).toBe(304);
    });

    it('a wrong Content-MD5 is BadDigest and nothing is stored', async () => {
      // Prepare
      const wrong = createHash('md5').update('other').digest('base64');

      // Act
      const error = await failure(put('val/md5.txt', 'body', { ContentMD5: wrong }));

      // Assess
      expect(error.name).toBe('BadDigest');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect((await failure(text('val/md5.txt'))).name).toBe('NoSuchKey');
    });

    it('a wrong x-amz-checksum-crc32 is BadDigest naming the algorithm', async () => {
      const error = await failure(put('val/crc.txt', 'body', { ChecksumCRC32: checksumOf('CRC32', Buffer.from('not the body')) }));
      expect(error.name).toBe('BadDigest');
      expect(error.message).toBe('The CRC32 you specified did not match the calculated checksum.');
    });

    it('PutObject with If-None-Match: * on an existing key is PreconditionFailed', async () => {
      await put('val/once.txt', 'first');
      const error = await failure(put('val/once.txt', 'second', { IfNoneMatch: '*' }));
      expect(error.name).toBe('PreconditionFailed');
      expect((await text('val/once.txt')).body).toBe('first');
    });

    it('an x-amz-expected-bucket-owner other than the local account is AccessDenied', async () => {
      expect((await failure(put('val/owner.txt', 'x', { ExpectedBucketOwner: '111122223333' }))).name).toBe('AccessDenied');
      await put('val/owner.txt', 'x', { ExpectedBucketOwner: '000000000000' });
    });

    it('a key longer than 1024 bytes is KeyTooLongError', async () => {
      const error = await failure(put(`val/${'k'.repeat(1100)}`, 'x'));
      expect(error.name).toBe('KeyTooLongError');
    });

    it('copying an object onto itself without changes is InvalidRequest', async () => {
      await put('val/self.txt', 'x');
      const error = await failure(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'val/self.txt', CopySource: `${bucket}/val/self.txt` })));
      expect(error.name).toBe('InvalidRequest');
      expect(error.message).toMatch(/copy an object to itself without changing/);
    });

    it('CopyObject from a missing key is NoSuchKey', async () => {
      const error = await failure(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'val/copy-target', CopySource: `${bucket}/val/none` })));
      expect(error.name).toBe('NoSuchKey');
    });
  });

  describe('functionality', () => {
    it('GetObject with Range answers 206 with Content-Range; suffix and open ranges too', async () => {
      // Prepare
      await put('fn/range.txt', '0123456789');

      // Act
      const middle = await text('fn/range.txt', { Range: 'bytes=2-5' });
      const suffix = await text('fn/range.txt', { Range: 'bytes=-3' });
      const open = await text('fn/range.txt', { Range: 'bytes=7-' });
      const clamped = await text('fn/range.txt', { Range: 'bytes=8-100' });

      // Assess
      expect(middle.body).toBe('2345');
      expect(middle.result.ContentRange).toBe('bytes 2-5/10');
      expect(middle.result.$metadata.httpStatusCode).toBe(206);
      expect(suffix.body).toBe('789');
      expect(open.body).toBe('789');
      expect(clamped.body).toBe('89');
      expect(clamped.result.ContentRange).toBe('bytes 8-9/10');
    });

    it('response-* parameters override the returned headers', async () => {
      await put('fn/override.txt', 'x', { ContentType: 'text/plain' });
      const { result } = await text('fn/override.txt', { ResponseContentType: 'application/x-test', ResponseContentDisposition: 'inline', ResponseCacheControl: 'no-cache' });
      expect(result.ContentType).toBe('application/x-test');
      expect(result.ContentDisposition).toBe('inline');
      expect(result.CacheControl).toBe('no-cache');
    });

    it('If-Match with the ETag and If-None-Match with another ETag both read the object', async () => {
      const { ETag } = await put('fn/cond.txt', 'v1');
      expect((await text('fn/cond.txt', { IfMatch: ETag })).body).toBe('v1');
      expect((await text('fn/cond.txt', { IfNoneMatch: '"other"' })).body).toBe('v1');
    });

    it('overwriting a key replaces bytes and metadata', async () => {
      await put('fn/over.txt', 'one', { Metadata: { v: '1' } });
      await put('fn/over.txt', 'two!', { Metadata: { w: '2' } });
      const { result, body } = await text('fn/over.txt');
      expect(body).toBe('two!');
      expect(result.Metadata).toEqual({ w: '2' });
    });

    it('a streamed body (aws-chunked with a CRC32 trailer) is decoded and verified', async () => {
      // Prepare
      const data = bytes(300_000);

      // Act
      const result = await put('fn/stream.bin', Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]) as never, { ContentLength: data.length });

      // Assess
      expect(result.ChecksumCRC32).toBe(checksumOf('CRC32', data));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'fn/stream.bin' }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
      expect(got.ContentEncoding).toBeUndefined();
    });

    it.each(['CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const)('PutObject with a %s checksum stores it and GetObject returns it with checksum mode', async (algorithm) => {
      // Prepare
      const data = bytes(10_000, 7);

      // Act
      const putResult = await put(`fn/checksum-${algorithm}`, data, { ChecksumAlgorithm: algorithm });
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `fn/checksum-${algorithm}`, ChecksumMode: 'ENABLED' }));
      await got.Body!.transformToByteArray();

      // Assess
      const member = `Checksum${algorithm}` as 'ChecksumCRC32C';
      expect(putResult[member]).toBe(checksumOf(algorithm, data));
      expect(got[member]).toBe(checksumOf(algorithm, data));
      expect(got.ChecksumType).toBe('FULL_OBJECT');
    });

    it('DeleteObject removes the object and answers 204 even for a missing key', async () => {
      await put('fn/delete.txt', 'x');
      const first = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'fn/delete.txt' }));
      const again = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'fn/delete.txt' }));
      expect(first.$metadata.httpStatusCode).toBe(204);
      expect(again.$metadata.httpStatusCode).toBe(204);
      expect((await failure(text('fn/delete.txt'))).name).toBe('NoSuchKey');
    });

    it('DeleteObjects deletes every listed key and reports each', async () => {
      // Prepare
      await put('fn/many/1', 'a');
      await put('fn/many/2', 'b');

      // Act
      const result = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'fn/many/1' }, { Key: 'fn/many/2' }, { Key: 'fn/many/never' }] } }),
      );

      // Assess
      expect(result.Deleted?.map((d) => d.Key)).toEqual(['fn/many/1', 'fn/many/2', 'fn/many/never']);
      expect(result.Errors).toBeUndefined();
      expect((await failure(text('fn/many/1'))).name).toBe('NoSuchKey');
    });

    it('DeleteObjects in quiet mode reports nothing for deleted keys', async () => {
      await put('fn/quiet', 'a');
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: [{ Key: 'fn/quiet' }] } }));
      expect(result.Deleted).toBeUndefined();
    });

    it('CopyObject copies bytes and metadata (COPY) or takes new metadata (REPLACE)', async () => {
      // Prepare
      await put('fn/src.txt', 'copied', { ContentType: 'text/plain', Metadata: { from: 'src' } });

      // Act
      const copy = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'fn/dst-copy.txt', CopySource: `${bucket}/fn/src.txt` }));
      await s3.send(
        new CopyObjectCommand({ Bucket: bucket, Key: 'fn/dst-replace.txt', CopySource: `${bucket}/fn/src.txt`, MetadataDirective: 'REPLACE', ContentType: 'text/markdown', Metadata: { to: 'dst' } }),
      );

      // Assess
      expect(copy.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('copied').digest('hex')}"`);
      const kept = await text('fn/dst-copy.txt');
      expect(kept.body).toBe('copied');
      expect(kept.result.Metadata).toEqual({ from: 'src' });
      expect(kept.result.ContentType).toBe('text/plain');
      const replaced = await text('fn/dst-replace.txt');
      expect(replaced.result.Metadata).toEqual({ to: 'dst' });
      expect(replaced.result.ContentType).toBe('text/markdown');
    });

    it('CopyObject honours x-amz-copy-source-if-match', async () => {
      await put('fn/src2.txt', 'x');
      const error = await failure(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'fn/dst2.txt', CopySource: `${bucket}/fn/src2.txt`, CopySourceIfMatch: '"nope"' })));
      expect(error.name).toBe('PreconditionFailed');
    });

    it('CopyObject copies across buckets and keys with special characters', async () => {
      const other = cloud.assembly.ofType('AWS::S3::Bucket').map((b) => b.ref()).find((name) => name !== bucket)!;
      await put('fn/a b+c.txt', 'special');
      await s3.send(new CopyObjectCommand({ Bucket: other, Key: 'copied here', CopySource: encodeURI(`${bucket}/fn/a b+c.txt`).replace(/\+/g, '%2B') }));
      const got = await s3.send(new GetObjectCommand({ Bucket: other, Key: 'copied here' }));
      expect(await got.Body!.transformToString()).toBe('special');
    });

    it('virtual-host addressing (<bucket>.localhost) reaches the same objects as path style', async () => {
      // Prepare
      const vhost = s3Client(cloud, { style: 'virtual-host' });

      // Act
      await vhost.send(new PutObjectCommand({ Bucket: bucket, Key: 'fn/vhost.txt', Body: 'via host' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'fn/vhost.txt' }));
      const back = await vhost.send(new GetObjectCommand({ Bucket: bucket, Key: 'fn/vhost.txt' }));

      // Assess
      expect(await got.Body!.transformToString()).toBe('via host');
      expect(await back.Body!.transformToString()).toBe('via host');
    });

    it('a zero-byte object round-trips', async () => {
      await put('fn/empty', '');
      const { result, body } = await text('fn/empty');
      expect(body).toBe('');
      expect(result.ContentLength).toBe(0);
      expect(result.ETag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    });
  });
});
