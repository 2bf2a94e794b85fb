import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { checksumOf } from '../../../local/s3/checksums';
import { bytes, failure, filesBucket, s3Client, startS3Cloud } from './helpers';

const MiB = 1024 * 1024;

/** Multipart uploads with the real SDK v3 client, at S3's real limits (5 MiB minimum part). */
describe('S3 multipart uploads', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let bucket: string;
  beforeAll(async () => {
    cloud = await startS3Cloud();
    s3 = s3Client(cloud);
    bucket = filesBucket(cloud);
  });
  afterAll(() => cloud?.stop());

  const create = (Key: string, extra: Record<string, unknown> = {}) => s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key, ...extra }));
  const uploadPart = (Key: string, UploadId: string, PartNumber: number, Body: Buffer, extra: Record<string, unknown> = {}) =>
    s3.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body, ...extra }));
  const complete = (Key: string, UploadId: string, Parts: CompletedPart[], extra: Record<string, unknown> = {}) =>
    s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId, MultipartUpload: { Parts }, ...extra }));

  describe('functionality', () => {
    it('a 6 MiB object in two parts: ETag md5-of-md5s-2, bytes intact, parts readable by partNumber', async () => {
      // Prepare
      const data = bytes(6 * MiB, 3);
      const [one, two] = [data.subarray(0, 5 * MiB), data.subarray(5 * MiB)];
      const { UploadId } = await create('mp/six.bin', { ContentType: 'application/x-test', Metadata: { purpose: 'test' } });

      // Act
      const p1 = await uploadPart('mp/six.bin', UploadId!, 1, one);
      const p2 = await uploadPart('mp/six.bin', UploadId!, 2, two);
      const done = await complete('mp/six.bin', UploadId!, [
        { PartNumber: 1, ETag: p1.ETag },
        { PartNumber: 2, ETag: p2.ETag },
      ]);

      // Assess
      const md5 = (b: Buffer) => createHash('md5').update(b).digest();
      expect(p1.ETag).toBe(`"${md5(one).toString('hex')}"`);
      const expectedEtag = `"${createHash('md5').update(Buffer.concat([md5(one), md5(two)])).digest('hex')}-2"`;
      expect(done.ETag).toBe(expectedEtag);
      expect(done.Bucket).toBe(bucket);
      expect(done.Key).toBe('mp/six.bin');
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp/six.bin' }));
      expect(got.ETag).toBe(expectedEtag);
      expect(got.ContentType).toBe('application/x-test');
      expect(got.Metadata).toEqual({ purpose: 'test' });
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
      const part2 = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp/six.bin', PartNumber: 2 }));
      expect(part2.PartsCount).toBe(2);
      expect(part2.ContentRange).toBe(`bytes ${5 * MiB}-${6 * MiB - 1}/${6 * MiB}`);
      expect(Buffer.from(await part2.Body!.transformToByteArray()).equals(two)).toBe(true);
      const ranged = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp/six.bin', Range: `bytes=${5 * MiB - 3}-${5 * MiB + 2}` }));
      expect(Buffer.from(await ranged.Body!.transformToByteArray()).equals(data.subarray(5 * MiB - 3, 5 * MiB + 3))).toBe(true);
    });

    it('a composite CRC32 checksum (checksum of part checksums, -N) is returned by Complete and GetObject', async () => {
      // Prepare
      const parts = [bytes(5 * MiB, 5), bytes(1000, 6)];
      const { UploadId, ChecksumAlgorithm } = await create('mp/composite', { ChecksumAlgorithm: 'CRC32' });
      const uploaded = [];
      for (const [i, body] of parts.entries()) uploaded.push(await uploadPart('mp/composite', UploadId!, i + 1, body, { ChecksumAlgorithm: 'CRC32' }));

      // Act
      const done = await complete(
        'mp/composite',
        UploadId!,
        uploaded.map((p, i) => ({ PartNumber: i + 1, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32 })),
      );

      // Assess
      expect(ChecksumAlgorithm).toBe('CRC32');
      expect(uploaded[0].ChecksumCRC32).toBe(checksumOf('CRC32', parts[0]));
      const composite = `${checksumOf('CRC32', Buffer.concat(parts.map((p) => Buffer.from(checksumOf('CRC32', p), 'base64'))))}-2`;
      expect(done.ChecksumCRC32).toBe(composite);
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mp/composite', ChecksumMode: 'ENABLED' }));
      expect(head.ChecksumCRC32).toBe(composite);
      expect(head.ChecksumType).toBe('COMPOSITE');
    });

    it('a FULL_OBJECT CRC32 checksum is the CRC of the whole object, combined from the parts', async () => {
      // Prepare (how aws-amplify's uploadData asks for it)
      const parts = [bytes(5 * MiB, 8), bytes(12345, 9)];
      const whole = checksumOf('CRC32', Buffer.concat(parts));
      const { UploadId } = await create('mp/full', { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
      const uploaded = [];
      for (const [i, body] of parts.entries()) uploaded.push(await uploadPart('mp/full', UploadId!, i + 1, body, { ChecksumAlgorithm: 'CRC32' }));

      // Act
      const done = await complete(
        'mp/full',
        UploadId!,
        uploaded.map((p, i) => ({ PartNumber: i + 1, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32 })),
        { ChecksumCRC32: whole, ChecksumType: 'FULL_OBJECT' },
      );

      // Assess
      expect(done.ChecksumCRC32).toBe(whole);
      expect(done.ChecksumType).toBe('FULL_OBJECT');
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp/full', ChecksumMode: 'ENABLED' }));
      expect(got.ChecksumCRC32).toBe(whole);
      await got.Body!.transformToByteArray();
    });

    it('ListParts lists uploaded parts in order; ListMultipartUploads lists the upload; Abort removes it', async () => {
      // Prepare
      const { UploadId } = await create('mp/listed');
      await uploadPart('mp/listed', UploadId!, 2, bytes(100));
      await uploadPart('mp/listed', UploadId!, 1, bytes(200));

      // Act
      const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'mp/listed', UploadId }));
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'mp/listed' }));
      const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'mp/listed', UploadId }));

      // Assess
      expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
        [1, 200],
        [2, 100],
      ]);
      expect(parts.UploadId).toBe(UploadId);
      expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([['mp/listed', UploadId]]);
      expect(aborted.$metadata.httpStatusCode).toBe(204);
      const after = await failure(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'mp/listed', UploadId })));
      expect(after.name).toBe('NoSuchUpload');
    });

    it('re-uploading a part replaces it; Complete may use a subset of parts', async () => {
      const { UploadId } = await create('mp/subset');
      await uploadPart('mp/subset', UploadId!, 1, Buffer.from('old'));
      const p1 = await uploadPart('mp/subset', UploadId!, 1, Buffer.from('new'));
      await uploadPart('mp/subset', UploadId!, 2, Buffer.from('unused'));
      await complete('mp/subset', UploadId!, [{ PartNumber: 1, ETag: p1.ETag }]);
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp/subset' }));
      expect(await got.Body!.transformToString()).toBe('new');
      expect(got.ETag).toMatch(/-1"$/);
    });
  });

  describe('validation', () => {
    it('a part other than the last under 5 MiB is EntityTooSmall at Complete', async () => {
      // Prepare
      const { UploadId } = await create('mp/small');
      const p1 = await uploadPart('mp/small', UploadId!, 1, bytes(1 * MiB));
      const p2 = await uploadPart('mp/small', UploadId!, 2, bytes(10));

      // Act
      const error = await failure(complete('mp/small', UploadId!, [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]));

      // Assess
      expect(error.name).toBe('EntityTooSmall');
      expect(error.message).toBe('Your proposed upload is smaller than the minimum allowed size');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.MinSizeAllowed).toBe(String(5 * MiB));
      // The upload is still there: the client can fix the list and complete.
      expect((await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'mp/small', UploadId }))).Parts).toHaveLength(2);
    });

    it('parts out of order are InvalidPartOrder', async () => {
      const { UploadId } = await create('mp/order');
      const p1 = await uploadPart('mp/order', UploadId!, 1, bytes(5 * MiB));
      const p2 = await uploadPart('mp/order', UploadId!, 2, bytes(10));
      const error = await failure(complete('mp/order', UploadId!, [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }]));
      expect(error.name).toBe('InvalidPartOrder');
    });

    it('a wrong ETag or a part never uploaded is InvalidPart', async () => {
      const { UploadId } = await create('mp/invalid');
      await uploadPart('mp/invalid', UploadId!, 1, bytes(10));
      const wrongTag = await failure(complete('mp/invalid', UploadId!, [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }]));
      const missing = await failure(complete('mp/invalid', UploadId!, [{ PartNumber: 3, ETag: '"00000000000000000000000000000000"' }]));
      expect(wrongTag.name).toBe('InvalidPart');
      expect(missing.name).toBe('InvalidPart');
    });

    it('an unknown upload id is NoSuchUpload for UploadPart, Complete and Abort', async () => {
      const part = await failure(uploadPart('mp/none', 'nope', 1, bytes(1)));
      const done = await failure(complete('mp/none', 'nope', [{ PartNumber: 1, ETag: '"x"' }]));
      const abort = await failure(s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'mp/none', UploadId: 'nope' })));
      for (const error of [part, done, abort]) {
        expect(error.name).toBe('NoSuchUpload');
        expect(error.$metadata?.httpStatusCode).toBe(404);
      }
    });

    it('a part number outside 1–10000 is InvalidArgument', async () => {
      const { UploadId } = await create('mp/number');
      const error = await failure(uploadPart('mp/number', UploadId!, 10001, bytes(1)));
      expect(error.name).toBe('InvalidArgument');
      expect(error.message).toBe('Part number must be an integer between 1 and 10000, inclusive');
    });

    it('a part checksum that does not match at Complete is InvalidPart', async () => {
      const { UploadId } = await create('mp/badsum', { ChecksumAlgorithm: 'CRC32' });
      const p1 = await uploadPart('mp/badsum', UploadId!, 1, bytes(10), { ChecksumAlgorithm: 'CRC32' });
      const error = await failure(complete('mp/badsum', UploadId!, [{ PartNumber: 1, ETag: p1.ETag, ChecksumCRC32: checksumOf('CRC32', Buffer.from('x')) }]));
      expect(error.name).toBe('InvalidPart');
    });
  });
});

describe('S3 multipart uploads with a lowered part size limit', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let bucket: string;
  beforeAll(async () => {
    cloud = await startS3Cloud({ limits: { maxPartSize: 1 * MiB, maxObjectSize: 2 * MiB } });
    s3 = s3Client(cloud);
    bucket = filesBucket(cloud);
  });
  afterAll(() => cloud?.stop());

  it('an oversized part is EntityTooLarge and the server keeps serving', async () => {
    // Prepare
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big' }));

    // Act
    const error = await failure(s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big', UploadId, PartNumber: 1, Body: bytes(1 * MiB + 1) })));

    // Assess
    expect(error.name).toBe('EntityTooLarge');
    expect(error.message).toBe('Your proposed upload exceeds the maximum allowed size');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.MaxSizeAllowed).toBe(String(1 * MiB));
    const ok = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big', UploadId, PartNumber: 1, Body: bytes(1 * MiB) }));
    expect(ok.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big', UploadId }))).Parts).toHaveLength(1);
  });
});
