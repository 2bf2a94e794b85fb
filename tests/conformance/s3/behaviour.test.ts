import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { BUCKETS, bytes, customerKey, failure, s3Client, startConformanceCloud } from './helpers';

/** What S3 does over time and on the wire: encryption at rest, completion retries, 100-continue. */
describe('S3 conformance: behaviour', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let stateDir: string;
  const Bucket = BUCKETS.plain;
  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 's3-conformance-'));
    cloud = await startConformanceCloud({ stateDir });
    s3 = s3Client(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  /** Every file the local cloud keeps on disk, read whole. */
  async function stateFiles(): Promise<Buffer[]> {
    const entries = await readdir(stateDir, { withFileTypes: true, recursive: true });
    return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(path.join((e as { parentPath?: string }).parentPath ?? (e as unknown as { path: string }).path, e.name))));
  }

  it('SSE-C bytes are encrypted at rest with the customer key; SSE-S3 bytes (S3 holds that key) are stored as sent', async () => {
    // Prepare
    const { key } = customerKey('at rest');
    const secret = Buffer.from(`customer-secret-${'x'.repeat(64)}`);
    const managed = Buffer.from(`managed-visible-${'y'.repeat(64)}`);

    // Act
    await s3.send(new PutObjectCommand({ Bucket, Key: 'rest/c.bin', Body: secret, SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'rest/s3.bin', Body: managed, ServerSideEncryption: 'AES256' }));

    // Assess
    const files = await stateFiles();
    expect(files.some((file) => file.includes(managed))).toBe(true);
    expect(files.some((file) => file.includes(secret))).toBe(false);
    expect(files.some((file) => file.includes(key.toString('base64')) || file.includes(key))).toBe(false);
  });

  it('CompleteMultipartUpload retried after it succeeded answers 200 with the same ETag; other parts get NoSuchUpload', async () => {
    // Prepare
    const Key = 'retry/object.bin';
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId: created.UploadId, PartNumber: 1, Body: bytes(4096) }));
    const complete = (ETag: string | undefined) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: created.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));
    const first = await complete(part.ETag);

    // Act
    const retry = await complete(part.ETag);
    const different = await failure(complete('"00000000000000000000000000000000"'));

    // Assess
    expect(retry.$metadata.httpStatusCode).toBe(200);
    expect(retry.ETag).toBe(first.ETag);
    expect([different.name, different.$metadata?.httpStatusCode]).toEqual(['NoSuchUpload', 404]);
  });

  /** Sends a request head on a raw socket and resolves with the first status line the server writes. */
  function firstStatusLine(head: string): Promise<string> {
    const { port } = new URL(cloud.endpoint);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
      let received = '';
      socket.on('data', (data) => {
        received += data.toString('latin1');
        const end = received.indexOf('\r\n');
        if (end >= 0) {
          resolve(received.slice(0, end));
          socket.destroy();
        }
      });
      socket.on('error', reject);
    });
  }

  it('Expect: 100-continue on an unsigned PUT is answered 403 before any body is sent (never 100 Continue)', async () => {
    const status = await firstStatusLine(`PUT /${Bucket}/continue.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 123\r\nExpect: 100-continue\r\n\r\n`);
    expect(status).toBe('HTTP/1.1 403 Forbidden');
  });

  it('Expect: 100-continue on a signed PUT (the SDK sends it for large bodies) gets 100 Continue and stores the body', async () => {
    // Prepare
    const body = bytes(3 * 1024 * 1024, 9);

    // Act
    await s3.send(new PutObjectCommand({ Bucket, Key: 'continue/large.bin', Body: body }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'continue/large.bin' }));

    // Assess
    expect(head.ContentLength).toBe(body.length);
  });

  it('an RFC 2047 encoded-word sent as metadata is stored as its text and returned encoded again', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'meta/encoded.txt', Body: 'x', Metadata: { city: '=?UTF-8?Q?Z=C3=BCrich?=' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'meta/encoded.txt' }));
    expect(head.Metadata?.city).toBe(`=?UTF-8?B?${Buffer.from('Zürich').toString('base64')}?=`);
  });
});
