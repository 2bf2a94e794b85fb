import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { bytes, failure, filesBucket, s3Client, startS3Cloud } from './helpers';

const MiB = 1024 * 1024;

/** Objects on disk under the state directory: they survive restarts, and a crash leaves no torn object. */
describe('S3 persistence', () => {
  let stateDir: string;
  let cloud: LocalCloud | undefined;
  beforeEach(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'flare-s3-'));
  });
  afterEach(async () => {
    await cloud?.stop();
    cloud = undefined;
    rmSync(stateDir, { recursive: true, force: true });
  });

  const start = async () => {
    cloud = await startS3Cloud({ stateDir });
    return { s3: s3Client(cloud), bucket: filesBucket(cloud) };
  };
  const restart = async () => {
    await cloud!.stop();
    return start();
  };
  const blobsDir = () => path.join(stateDir, 's3', 'blobs');

  it('objects, metadata, checksums and multipart objects survive a restart', async () => {
    // Prepare
    let { s3, bucket } = await start();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/a.txt', Body: 'kept', ContentType: 'text/plain', Metadata: { m: '1' }, ChecksumAlgorithm: 'SHA256' }));
    const parts = [bytes(5 * MiB, 1), bytes(100, 2)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'keep/big.bin' }));
    const etags = [];
    for (const [i, Body] of parts.entries()) etags.push((await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'keep/big.bin', UploadId, PartNumber: i + 1, Body }))).ETag);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'keep/big.bin', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
    );

    // Act
    ({ s3, bucket } = await restart());

    // Assess
    const small = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'keep/a.txt', ChecksumMode: 'ENABLED' }));
    expect(await small.Body!.transformToString()).toBe('kept');
    expect(small.ContentType).toBe('text/plain');
    expect(small.Metadata).toEqual({ m: '1' });
    expect(small.ChecksumSHA256).toBeTruthy();
    const big = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'keep/big.bin' }));
    expect(big.ETag).toBe(done.ETag);
    expect(Buffer.from(await big.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'keep/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['keep/a.txt', 'keep/big.bin']);
  });

  it('a multipart upload in progress survives a restart and completes afterwards', async () => {
    let { s3, bucket } = await start();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'later.bin', ContentType: 'application/x-later' }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'later.bin', UploadId, PartNumber: 1, Body: 'part one' }));

    ({ s3, bucket } = await restart());
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'later.bin', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }));

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'later.bin' }));
    expect(await got.Body!.transformToString()).toBe('part one');
    expect(got.ContentType).toBe('application/x-later');
  });

  it('a write interrupted before its record (a blob and temp files alone) leaves the old object, and is swept at start', async () => {
    // Prepare: the object, then the debris a crash mid-write would leave.
    let { s3, bucket } = await start();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'crash.txt', Body: 'before' }));
    await cloud!.stop();
    cloud = undefined;
    // The state store's objects collection: one record file per object, under a two-letter shard.
    const objectsDir = path.join(stateDir, 's3', 'objects');
    const shard = readdirSync(objectsDir).find((name) => readdirSync(path.join(objectsDir, name)).some((file) => readFileSync(path.join(objectsDir, name, file), 'utf8').includes('"crash.txt"')))!;
    const [recordFile] = readdirSync(path.join(objectsDir, shard));
    writeFileSync(path.join(blobsDir(), 'f'.repeat(32)), 'after (blob written, record never committed)');
    writeFileSync(path.join(blobsDir(), `${'e'.repeat(32)}.tmp`), 'half a blob');
    writeFileSync(path.join(objectsDir, shard, `${recordFile}.abc123.tmp`), '{"key":"crash.txt", "size": 4');

    // Act
    ({ s3, bucket } = await start());

    // Assess
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'crash.txt' }));
    expect(await got.Body!.transformToString()).toBe('before');
    expect(readdirSync(blobsDir())).not.toContain('f'.repeat(32));
    expect(readdirSync(blobsDir()).some((name) => name.endsWith('.tmp'))).toBe(false);
    expect(readdirSync(path.join(objectsDir, shard)).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('after a power loss (writes are not fsynced), an object or part whose blob is short is dropped at start, not served torn', async () => {
    // Prepare: an object and an upload's part, then their blobs cut short as a lost page cache would leave them.
    let { s3, bucket } = await start();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'kept.txt', Body: 'whole' }));
    const before = new Set(readdirSync(blobsDir()));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'torn.txt', Body: 'twelve bytes' }));
    const [tornBlob] = readdirSync(blobsDir()).filter((name) => !before.has(name));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'parts.bin' }));
    const partsBefore = new Set(readdirSync(blobsDir()));
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'parts.bin', UploadId, PartNumber: 1, Body: 'part one' }));
    const [partBlob] = readdirSync(blobsDir()).filter((name) => !partsBefore.has(name));
    await cloud!.stop();
    cloud = undefined;
    writeFileSync(path.join(blobsDir(), tornBlob), 'twelve');
    rmSync(path.join(blobsDir(), partBlob));

    // Act
    ({ s3, bucket } = await start());

    // Assess
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'torn.txt' })))).name).toBe('NoSuchKey');
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'kept.txt' }))).Body!.transformToString()).toBe('whole');
    const { ListPartsCommand } = await import('@aws-sdk/client-s3');
    expect((await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'parts.bin', UploadId }))).Parts).toBeUndefined();
    expect(readdirSync(blobsDir())).not.toContain(tornBlob);
  });

  it('a completion interrupted after its commit (upload records left behind) keeps the object and drops the upload', async () => {
    // Prepare: complete an upload, then put back the upload's records as a crash before their removal would leave them.
    let { s3, bucket } = await start();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'done.bin' }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'done.bin', UploadId, PartNumber: 1, Body: 'the only part' }));
    // The upload's records: the multipart-uploads and multipart-parts collections.
    const recordsDirs = ['multipart-uploads', 'multipart-parts'].map((name) => path.join(stateDir, 's3', name));
    const saved = path.join(stateDir, 'saved-upload');
    recordsDirs.forEach((dir, i) => cpSync(dir, `${saved}-${i}`, { recursive: true }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'done.bin', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }));
    await cloud!.stop();
    cloud = undefined;
    recordsDirs.forEach((dir, i) => cpSync(`${saved}-${i}`, dir, { recursive: true }));

    // Act
    ({ s3, bucket } = await start());

    // Assess
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'done.bin' }))).Body!.transformToString()).toBe('the only part');
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads).toBeUndefined();
    const remaining = recordsDirs.flatMap((dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()) : []));
    expect(remaining).toEqual([]);
  });

  it('overwrites and deletes leave no blob behind', async () => {
    let { s3, bucket } = await start();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'o.txt', Body: 'one' }));
    const before = readdirSync(blobsDir()).length;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'o.txt', Body: 'two' }));
    expect(readdirSync(blobsDir()).length).toBe(before);
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'o.txt' }));
    expect(readdirSync(blobsDir()).length).toBe(before - 1);
    ({ s3, bucket } = await restart());
    expect((await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'o.txt' })))).name).toBe('NotFound');
  });

  it('concurrent overwrites and reads of one key: every read is one whole version, the last write wins', async () => {
    // Prepare
    const { s3, bucket } = await start();
    const versions = Array.from({ length: 8 }, (_, i) => bytes(200_000, i + 1));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hot.bin', Body: versions[0] }));

    // Act
    const reads: Promise<Buffer>[] = [];
    const writes: Promise<unknown>[] = [];
    for (const [i, version] of versions.entries()) {
      writes.push(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hot.bin', Body: version })));
      for (let r = 0; r < 3; r++) {
        reads.push(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hot.bin' })).then(async (got) => Buffer.from(await got.Body!.transformToByteArray())));
      }
      if (i % 2) await writes.at(-1);
    }
    await Promise.all(writes);
    const seen = await Promise.all(reads);

    // Assess
    for (const body of seen) expect(versions.some((version) => version.equals(body))).toBe(true);
    const last = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hot.bin', Body: versions[7] }));
    const final = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hot.bin' }));
    expect(final.ETag).toBe(last.ETag);
    // One blob for hot.bin, one for each of the two objects the bucket deployments put: no leftovers.
    expect(readdirSync(blobsDir()).filter((name) => !name.includes('.'))).toHaveLength(3);
  });

  it('imports the records the layout before the state store kept, once, and keeps serving their bytes', async () => {
    // Prepare: an object, then its record moved back to where the earlier layout kept it
    let { s3, bucket } = await start();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'old/layout.txt', Body: 'from before', ContentType: 'text/plain' }));
    await cloud!.stop();
    cloud = undefined;
    const objectsDir = path.join(stateDir, 's3', 'objects');
    const file = readdirSync(objectsDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .find((candidate) => readFileSync(candidate, 'utf8').includes('"old/layout.txt"'))!;
    const { value } = JSON.parse(readFileSync(file, 'utf8')) as { value: unknown };
    rmSync(file);
    const legacyDir = path.join(stateDir, 's3', 'buckets', bucket, 'objects', 'ab');
    mkdirSync(legacyDir, { recursive: true });
    writeFileSync(path.join(legacyDir, 'ab.json'), JSON.stringify(value));

    // Act
    ({ s3, bucket } = await start());

    // Assess
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'old/layout.txt' }));
    expect(await got.Body!.transformToString()).toBe('from before');
    expect(got.ContentType).toBe('text/plain');
    expect(existsSync(path.join(stateDir, 's3', 'buckets'))).toBe(false);
  });

  it('the bucket deployment is redone at start and prunes objects its source no longer holds', async () => {
    // Prepare
    let { s3 } = await start();
    const modelBucket = cloud!.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('modelIntrospectionSchemaBucket'))!.ref();
    await s3.send(new PutObjectCommand({ Bucket: modelBucket, Key: 'stale.json', Body: '{}' }));

    // Act
    ({ s3 } = await restart());

    // Assess
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: modelBucket }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['modelIntrospectionSchema.json']);
    // What the objects and bucket-info collections hold for this bucket.
    const records = (collection: string) =>
      readdirSync(path.join(stateDir, 's3', collection), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => JSON.parse(readFileSync(path.join(entry.parentPath, entry.name), 'utf8')) as { key: string; value: unknown });
    expect(records('objects').filter((record) => record.key.startsWith(`${modelBucket}/`)).map((record) => record.key)).toEqual([`${modelBucket}/modelIntrospectionSchema.json`]);
    expect(records('bucket-info').find((record) => record.key === modelBucket)?.value).toMatchObject({ created: expect.any(Number) });
  });
});
