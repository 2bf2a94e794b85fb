import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { BUCKETS, KMS_DEFAULT_KEY, bytes, customerKey, s3Client, startConformanceCloud } from './helpers';

/**
 * How the local S3 writes what S3 documents for encryption headers, bucket default encryption,
 * non-ASCII metadata, Content-Encoding and ListObjectsV2's continuation token (SDK v3 client).
 */
describe('S3 conformance: serialization', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  beforeAll(async () => {
    cloud = await startConformanceCloud();
    s3 = s3Client(cloud);
  });
  afterAll(() => cloud?.stop());

  it('SSE-S3 requested on PutObject is echoed by PutObject, GetObject and HeadObject', async () => {
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/s3.txt', Body: 'plain', ServerSideEncryption: 'AES256' }));
    const get = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/s3.txt' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/s3.txt' }));

    // Assess
    expect([put.ServerSideEncryption, get.ServerSideEncryption, head.ServerSideEncryption]).toEqual(['AES256', 'AES256', 'AES256']);
    expect(put.SSEKMSKeyId).toBeUndefined();
    expect(await get.Body!.transformToString()).toBe('plain');
  });

  it('SSE-KMS with a key id answers the key ARN and the Bucket Key flag, on PUT and HEAD', async () => {
    // Act
    const put = await s3.send(
      new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/kms.txt', Body: 'k', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', BucketKeyEnabled: true }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/kms.txt' }));

    // Assess
    for (const result of [put, head]) {
      expect(result.ServerSideEncryption).toBe('aws:kms');
      expect(result.SSEKMSKeyId).toBe('arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab');
      expect(result.BucketKeyEnabled).toBe(true);
    }
  });

  it('aws:kms:dsse is stored and echoed as asked', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/dsse.txt', Body: 'd', ServerSideEncryption: 'aws:kms:dsse', SSEKMSKeyId: KMS_DEFAULT_KEY }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/dsse.txt' }));
    expect([put.ServerSideEncryption, head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms:dsse', 'aws:kms:dsse', KMS_DEFAULT_KEY]);
  });

  it("a bucket's declared default (SSE-KMS, named key, Bucket Keys) applies when the request asks for none, and GetBucketEncryption answers it", async () => {
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.kms, Key: 'default.txt', Body: 'x' }));
    const get = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.kms, Key: 'default.txt' }));
    const config = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKETS.kms }));

    // Assess
    for (const result of [put, get]) {
      expect([result.ServerSideEncryption, result.SSEKMSKeyId, result.BucketKeyEnabled]).toEqual(['aws:kms', KMS_DEFAULT_KEY, true]);
    }
    expect(config.ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_DEFAULT_KEY }, BucketKeyEnabled: true },
    ]);
  });

  it('a bucket declaring no encryption has S3\'s default, SSE-S3: objects echo AES256 and GetBucketEncryption says so', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/none.txt', Body: 'x' }));
    const config = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKETS.plain }));
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(config.ServerSideEncryptionConfiguration?.Rules).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
  });

  it("aws:kms without a key id uses the account's AWS managed key (aws/s3), the same ARN each time", async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.awsManaged, Key: 'a.txt', Body: 'x' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'sse/managed.txt', Body: 'x', ServerSideEncryption: 'aws:kms' }));
    expect(first.SSEKMSKeyId).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second.SSEKMSKeyId).toBe(first.SSEKMSKeyId);
  });

  it('CreateMultipartUpload, UploadPart and CompleteMultipartUpload echo the upload\'s SSE-KMS', async () => {
    // Prepare
    const Key = 'sse/multipart-kms.bin';
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKETS.plain, Key, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_DEFAULT_KEY }));

    // Act
    const part = await s3.send(new UploadPartCommand({ Bucket: BUCKETS.plain, Key, UploadId: created.UploadId, PartNumber: 1, Body: bytes(2048) }));
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKETS.plain, Key, UploadId: created.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));

    // Assess
    for (const result of [created, part, done]) expect([result.ServerSideEncryption, result.SSEKMSKeyId]).toEqual(['aws:kms', KMS_DEFAULT_KEY]);
  });

  it('SSE-C: the algorithm and key MD5 are echoed on PUT, GET and HEAD, and a range reads back exactly', async () => {
    // Prepare
    const { key, md5 } = customerKey('serialization');
    const body = bytes(70_000, 7);
    const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') };

    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'ssec/one.bin', Body: body, ...sse }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKETS.plain, Key: 'ssec/one.bin', ...sse }));
    const whole = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.plain, Key: 'ssec/one.bin', ...sse }));
    const range = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.plain, Key: 'ssec/one.bin', Range: 'bytes=1001-40017', ...sse }));

    // Assess
    for (const result of [put, head, whole]) {
      expect([result.SSECustomerAlgorithm, result.SSECustomerKeyMD5, result.ServerSideEncryption]).toEqual(['AES256', md5, undefined]);
    }
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(Buffer.from(await range.Body!.transformToByteArray()).equals(body.subarray(1001, 40018))).toBe(true);
  });

  it('SSE-C multipart: parts encrypted separately read back whole and across a part boundary', async () => {
    // Prepare
    const { key } = customerKey('multipart');
    const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') };
    const Key = 'ssec/multipart.bin';
    const [first, second] = [bytes(3000, 1), bytes(1500, 2)];
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKETS.plain, Key, ...sse }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket: BUCKETS.plain, Key, UploadId: created.UploadId, PartNumber: 1, Body: first, ...sse }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: BUCKETS.plain, Key, UploadId: created.UploadId, PartNumber: 2, Body: second, ...sse }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKETS.plain, Key, UploadId: created.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }));
    const all = Buffer.concat([first, second]);

    // Act
    const whole = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.plain, Key, ...sse }));
    const across = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.plain, Key, Range: 'bytes=2990-3020', ...sse }));

    // Assess
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(all)).toBe(true);
    expect(Buffer.from(await across.Body!.transformToByteArray()).equals(all.subarray(2990, 3021))).toBe(true);
  });

  it('CopyObject reads an SSE-C source with the copy-source key and writes the target with the encryption asked', async () => {
    // Prepare
    const { key } = customerKey('copy-source');
    await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'ssec/source.txt', Body: 'secret text', SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') }));

    // Act
    const copy = await s3.send(
      new CopyObjectCommand({
        Bucket: BUCKETS.plain,
        Key: 'ssec/copy.txt',
        CopySource: `${BUCKETS.plain}/ssec/source.txt`,
        CopySourceSSECustomerAlgorithm: 'AES256',
        CopySourceSSECustomerKey: key.toString('base64'),
        ServerSideEncryption: 'AES256',
      }),
    );
    const get = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.plain, Key: 'ssec/copy.txt' }));

    // Assess
    expect(copy.ServerSideEncryption).toBe('AES256');
    expect(await get.Body!.transformToString()).toBe('secret text');
  });

  it('non-ASCII metadata values upload through the SDK (SigV4 over the bytes sent) and come back RFC 2047-encoded', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'meta/utf8.txt', Body: 'x', Metadata: { name: 'Zoé café', plain: 'ascii' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKETS.plain, Key: 'meta/utf8.txt' }));
    expect(head.Metadata).toEqual({ name: `=?UTF-8?B?${Buffer.from('Zoé café').toString('base64')}?=`, plain: 'ascii' });
  });

  it('Content-Encoding comes back exactly as sent ("deflate, gzip")', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKETS.plain, Key: 'enc/both.bin', Body: 'x', ContentEncoding: 'deflate, gzip' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKETS.plain, Key: 'enc/both.bin' }));
    expect(head.ContentEncoding).toBe('deflate, gzip');
  });

  it('ListObjectsV2 with an empty continuation-token lists from the start and echoes the token empty', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKETS.plain, Prefix: 'enc/', ContinuationToken: '' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['enc/both.bin']);
    expect(listed.ContinuationToken).toBe('');
    expect(listed.IsTruncated).toBe(false);
  });
});
