import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { BUCKETS, bytes, customerKey, failure, s3Client, startConformanceCloud } from './helpers';

/** Requests S3 refuses, with the status, code and message it documents (SDK v3 client). */
describe('S3 conformance: validation', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  const Bucket = BUCKETS.plain;
  const { key, md5 } = customerKey('validation');
  const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') };
  beforeAll(async () => {
    cloud = await startConformanceCloud();
    s3 = s3Client(cloud);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'ssec/locked.txt', Body: 'locked', ...sse }));
  });
  afterAll(() => cloud?.stop());

  /** A client that sets `headers` on every request before signing (what the SDK will not send itself). */
  const withHeaders = (headers: Record<string, string>) => {
    const client = s3Client(cloud);
    client.middlewareStack.add(
      (next) => (args) => {
        Object.assign((args.request as { headers: Record<string, string> }).headers, headers);
        return next(args);
      },
      { step: 'build', name: 'testHeaders' },
    );
    return client;
  };

  it('GetObject of an SSE-C object without the key: 400 InvalidRequest', async () => {
    const error = await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'ssec/locked.txt' })));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['InvalidRequest', 400]);
    expect(error.message).toBe('The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.');
  });

  it('HeadObject of an SSE-C object without the key: 400', async () => {
    const error = await failure(s3.send(new HeadObjectCommand({ Bucket, Key: 'ssec/locked.txt' })));
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('GetObject with another customer key: 403 AccessDenied', async () => {
    const other = customerKey('another');
    const error = await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'ssec/locked.txt', SSECustomerAlgorithm: 'AES256', SSECustomerKey: other.key.toString('base64') })));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
  });

  it('a customer key on an object not stored with one: 400 InvalidRequest', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'plain.txt', Body: 'p' }));
    const error = await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'plain.txt', ...sse })));
    expect([error.name, error.message]).toEqual(['InvalidRequest', 'The encryption parameters are not applicable to this object.']);
  });

  it('a key MD5 that does not match the key: 400 InvalidArgument', async () => {
    const error = await failure(withHeaders({ 'x-amz-server-side-encryption-customer-key-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }).send(new PutObjectCommand({ Bucket, Key: 'bad-md5.txt', Body: 'x', ...sse })));
    expect([error.name, error.$metadata?.httpStatusCode, error.message]).toEqual(['InvalidArgument', 400, 'The calculated MD5 hash of the key did not match the hash that was provided.']);
  });

  it('a customer key without an algorithm, or an algorithm without a key: 400 InvalidArgument', async () => {
    const noAlgorithm = await failure(
      withHeaders({ 'x-amz-server-side-encryption-customer-key': key.toString('base64'), 'x-amz-server-side-encryption-customer-key-md5': md5 }).send(new PutObjectCommand({ Bucket, Key: 'k.txt', Body: 'x' })),
    );
    const noKey = await failure(withHeaders({ 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }).send(new PutObjectCommand({ Bucket, Key: 'k.txt', Body: 'x' })));
    expect([noAlgorithm.name, noAlgorithm.$metadata?.httpStatusCode]).toEqual(['InvalidArgument', 400]);
    expect([noKey.name, noKey.message]).toEqual(['InvalidArgument', 'Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.']);
  });

  it('a customer algorithm other than AES256: 400 InvalidEncryptionAlgorithmError', async () => {
    const error = await failure(s3.send(new PutObjectCommand({ Bucket, Key: 'k.txt', Body: 'x', SSECustomerAlgorithm: 'AES128', SSECustomerKey: key.toString('base64') })));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['InvalidEncryptionAlgorithmError', 400]);
  });

  it('an unknown x-amz-server-side-encryption, or a KMS key id without aws:kms: 400 InvalidArgument', async () => {
    const unknown = await failure(s3.send(new PutObjectCommand({ Bucket, Key: 'k.txt', Body: 'x', ServerSideEncryption: 'AES512' as never })));
    const keyWithoutKms = await failure(s3.send(new PutObjectCommand({ Bucket, Key: 'k.txt', Body: 'x', SSEKMSKeyId: 'testkey-2' })));
    expect([unknown.name, unknown.message]).toEqual(['InvalidArgument', 'The encryption method specified is not supported']);
    expect([keyWithoutKms.name, keyWithoutKms.$metadata?.httpStatusCode]).toEqual(['InvalidArgument', 400]);
  });

  it('x-amz-server-side-encryption on a GET or HEAD: 400', async () => {
    const error = await failure(withHeaders({ 'x-amz-server-side-encryption': 'aws:kms' }).send(new GetObjectCommand({ Bucket, Key: 'plain.txt' })));
    expect([error.name, error.message]).toEqual(['InvalidArgument', 'x-amz-server-side-encryption header is not supported for this operation.']);
  });

  it('a part of an SSE-C upload without the key, or with another: 400 InvalidRequest', async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'ssec/parts.bin', ...sse }));
    const missing = await failure(s3.send(new UploadPartCommand({ Bucket, Key: 'ssec/parts.bin', UploadId: created.UploadId, PartNumber: 1, Body: 'x' })));
    const other = await failure(
      s3.send(new UploadPartCommand({ Bucket, Key: 'ssec/parts.bin', UploadId: created.UploadId, PartNumber: 1, Body: 'x', SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey('x').key.toString('base64') })),
    );
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['InvalidRequest', 400]);
    expect([other.name, other.message]).toEqual(['InvalidRequest', 'The provided encryption parameters did not match the ones used originally.']);
  });

  it('UploadPart with a part number outside 1..10000: 400 InvalidArgument', async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'parts/range.bin' }));
    for (const PartNumber of [0, 10001]) {
      const error = await failure(s3.send(new UploadPartCommand({ Bucket, Key: 'parts/range.bin', UploadId: created.UploadId, PartNumber, Body: 'x' })));
      expect([error.name, error.message]).toEqual(['InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive']);
    }
  });

  it('CompleteMultipartUpload naming a part twice, or out of order: 400 InvalidPartOrder', async () => {
    // Prepare
    const Key = 'parts/order.bin';
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId: created.UploadId, PartNumber: 1, Body: bytes(2048) }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId: created.UploadId, PartNumber: 2, Body: bytes(10) }));
    const complete = (Parts: { PartNumber: number; ETag?: string }[]) => s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: created.UploadId, MultipartUpload: { Parts } }));

    // Act
    const repeated = await failure(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]));
    const reversed = await failure(complete([{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }]));

    // Assess
    for (const error of [repeated, reversed]) {
      expect([error.name, error.$metadata?.httpStatusCode, error.message]).toEqual(['InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.']);
    }
  });

  it("CompleteMultipartUpload with a bad whole-object checksum: 400 BadDigest, whether malformed ('bad') or another value", async () => {
    // Prepare
    const Key = 'parts/checksum.bin';
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'SHA256' }));
    const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId: created.UploadId, PartNumber: 1, Body: bytes(100), ChecksumAlgorithm: 'SHA256' }));
    const complete = (ChecksumSHA256: string, withPartChecksum = true) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId: created.UploadId,
          ChecksumSHA256,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ...(withPartChecksum ? { ChecksumSHA256: part.ChecksumSHA256 } : {}) }] },
        }),
      );

    // Act
    const malformed = await failure(complete('bad'));
    const malformedWithoutPartChecksum = await failure(complete('bad', false));
    const mismatch = await failure(complete(`${Buffer.alloc(32).toString('base64')}-1`));

    // Assess
    for (const error of [malformed, malformedWithoutPartChecksum, mismatch]) {
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(['BadDigest', 400]);
    }
  });
});
