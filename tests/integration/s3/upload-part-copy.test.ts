import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { bytes, failure, filesBucket, roleCredentials, s3Client, startS3Cloud } from './helpers';

const MiB = 1024 * 1024;

/** UploadPartCopy as the S3 API reference documents it: whole objects or x-amz-copy-source-range as parts. */
describe('S3 UploadPartCopy', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let bucket: string;
  const source = bytes(6 * MiB, 7);
  beforeAll(async () => {
    cloud = await startS3Cloud();
    s3 = s3Client(cloud);
    bucket = filesBucket(cloud);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'attachments/source.bin', Body: source }));
  });
  afterAll(() => cloud?.stop());

  const start = async (Key: string, ChecksumAlgorithm?: 'CRC32') => (await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key, ChecksumAlgorithm }))).UploadId!;

  it('serialization: CopyPartResult carries the part\'s ETag (MD5 of the range) and LastModified', async () => {
    const UploadId = await start('attachments/copy.bin');
    const { CopyPartResult } = await s3.send(
      new UploadPartCopyCommand({ Bucket: bucket, Key: 'attachments/copy.bin', UploadId, PartNumber: 1, CopySource: `${bucket}/attachments/source.bin`, CopySourceRange: 'bytes=0-5242879' }),
    );
    expect(CopyPartResult?.ETag).toBe(`"${createHash('md5').update(source.subarray(0, 5 * MiB)).digest('hex')}"`);
    expect(CopyPartResult?.LastModified).toBeInstanceOf(Date);
  });

  it('behaviour: ranges copied as parts and an uploaded part complete into the concatenated object', async () => {
    // Prepare
    const Key = 'attachments/assembled.bin';
    const UploadId = await start(Key, 'CRC32');
    const CopySource = `${bucket}/attachments/source.bin`;

    // Act
    const first = await s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, CopySource, CopySourceRange: `bytes=${MiB}-${6 * MiB - 1}` }));
    const second = await s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key, UploadId, PartNumber: 2, CopySource, CopySourceRange: `bytes=0-${5 * MiB - 1}` }));
    const third = await s3.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 3, Body: 'tail', ChecksumAlgorithm: 'CRC32' }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.CopyPartResult!.ETag, ChecksumCRC32: first.CopyPartResult!.ChecksumCRC32 },
            { PartNumber: 2, ETag: second.CopyPartResult!.ETag, ChecksumCRC32: second.CopyPartResult!.ChecksumCRC32 },
            { PartNumber: 3, ETag: third.ETag, ChecksumCRC32: third.ChecksumCRC32 },
          ],
        },
      }),
    );
    const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray());

    // Assess
    expect(first.CopyPartResult?.ChecksumCRC32).toEqual(expect.any(String));
    expect(got.equals(Buffer.concat([source.subarray(MiB, 6 * MiB), source.subarray(0, 5 * MiB), Buffer.from('tail')]))).toBe(true);
  });

  it('validation: a range past the object\'s end or not of the form bytes=first-last is InvalidArgument', async () => {
    const UploadId = await start('attachments/bad-range.bin');
    const copy = (CopySourceRange: string) =>
      failure(s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'attachments/bad-range.bin', UploadId, PartNumber: 1, CopySource: `${bucket}/attachments/source.bin`, CopySourceRange })));
    const past = await copy(`bytes=0-${6 * MiB}`);
    const open = await copy('bytes=0-');
    expect(past.name).toBe('InvalidArgument');
    expect(past.message).toBe(`Range specified is not valid for source object of size: ${6 * MiB}`);
    expect(open.name).toBe('InvalidArgument');
  });

  it('validation: a missing source is NoSuchKey; an unknown upload is NoSuchUpload', async () => {
    const UploadId = await start('attachments/missing.bin');
    const missing = await failure(s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'attachments/missing.bin', UploadId, PartNumber: 1, CopySource: `${bucket}/attachments/none.bin` })));
    const noUpload = await failure(s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'attachments/missing.bin', UploadId: 'nope', PartNumber: 1, CopySource: `${bucket}/attachments/source.bin` })));
    expect(missing.name).toBe('NoSuchKey');
    expect(noUpload.name).toBe('NoSuchUpload');
  });

  it('authorization: s3:GetObject on the source is needed beside s3:PutObject on the target', async () => {
    // A signed-in user writes its own avatars/ and reads status-assets/, but not attachments/.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'status-assets/logo.bin', Body: source.subarray(0, 10) }));
    const Key = 'avatars/us-east-1:me/copied.bin';
    const UploadId = await start(Key);
    const user = s3Client(cloud, { credentials: roleCredentials(cloud, 'amplifyAuthauthenticatedUserRole', 'us-east-1:me') });
    const denied = await failure(user.send(new UploadPartCopyCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, CopySource: `${bucket}/attachments/source.bin` })));
    const allowed = await user.send(new UploadPartCopyCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, CopySource: `${bucket}/status-assets/logo.bin` }));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain('s3:GetObject');
    expect(allowed.CopyPartResult?.ETag).toBe(`"${createHash('md5').update(source.subarray(0, 10)).digest('hex')}"`);
  });
});
