/**
 * Hostile S3 REST requests, signed by the root so that they reach the operations: keys and
 * paths (traversal, encodings, NUL), query parameters, conditional and range headers, copy
 * sources, checksums, and the XML bodies S3 reads (DeleteObjects, CompleteMultipartUpload,
 * with DOCTYPEs, entities and deep nesting). Each gets S3's XML error or S3's answer, never
 * a 5xx, and nothing escapes the store.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local';
import { defaultServices } from '../../local/services';
import { startTestCloud } from '../helpers/cloud';
import { Rng, Tally, mutateString, nastyString } from './fuzz';
import { assertStillServes, expectTyped, send, signed, type WireResponse } from './wire';

const tally = new Tally();
let cloud: LocalCloud;
let bucket: string;
/** The state lives in <root>/state: a key that escaped the store would land in <root> (or above). */
const root = mkdtempSync(path.join(tmpdir(), 'flare-hostile-s3-'));

beforeAll(async () => {
  mkdirSync(path.join(root, 'state'));
  cloud = await startTestCloud({ stateDir: path.join(root, 'state'), services: defaultServices().filter((s) => ['iam', 'dynamodb', 's3'].includes(s.name)) });
  bucket = cloud.outputs.storage!.bucket_name;
  const put = await s3('PUT', `/${bucket}/attachments/seed.txt`, { body: 'seed' });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(root, { recursive: true, force: true });
  tally.print('s3');
});

async function s3(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<WireResponse> {
  const request = await signed(cloud.endpoint, 's3', { method, path, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...(options.headers ?? {}) }, body: options.body });
  return send(cloud.endpoint, request);
}

/** S3's answer: its XML error for a 4xx (a HEAD has no body), NotImplemented (501) naming what the local S3 lacks, or a success. */
function expectS3Answer(answer: WireResponse, method: string, context: string) {
  expectTyped(answer, context, [200, 204, 206, 304, 501]);
  if (answer.status === 501 && method !== 'HEAD') expect(answer.text, context).toContain('<Code>NotImplemented</Code>');
  if (answer.status >= 400 && method !== 'HEAD') expect(answer.text, context).toMatch(/<Code>[A-Za-z]+<\/Code>/);
}

describe('XML bodies', () => {
  it('a DeleteObjects body with a DOCTYPE is MalformedXML (it was a 500)', async () => {
    const body = '<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY a "attachments/seed.txt">]><Delete><Object><Key>&a;</Key></Object></Delete>';
    const answer = await s3('POST', `/${bucket}?delete`, { body, headers: { 'content-md5': createHash('md5').update(body).digest('base64') } });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('<Code>MalformedXML</Code>');
    expect((await s3('HEAD', `/${bucket}/attachments/seed.txt`)).status).toBe(200);
    tally.add('xml');
  });

  it('generated DeleteObjects and CompleteMultipartUpload bodies get S3\'s answer', async () => {
    const rng = new Rng(0x5a3);
    const upload = await s3('POST', `/${bucket}/attachments/multi?uploads`);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(upload.text)![1];
    const part = await s3('PUT', `/${bucket}/attachments/multi?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, { body: 'part' });
    const etag = String(part.headers.etag);
    const bodies: [string, string][] = [
      [`/${bucket}?delete`, '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>false</Quiet><Object><Key>attachments/x</Key><VersionId>v</VersionId></Object><Object><Key>attachments/y</Key></Object></Delete>'],
      [`/${bucket}/attachments/multi?uploadId=${encodeURIComponent(uploadId)}`, `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>`],
    ];
    const extras = ['<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<?xml-stylesheet href="x"?>', `${'<a>'.repeat(3000)}${'</a>'.repeat(3000)}`, '<![CDATA[</Delete>]]>', '&amp;&lt;&#0;&#x110000;'];
    for (let i = 0; i < 100; i++) {
      const [path, valid] = rng.pick(bodies);
      let body = rng.chance(0.3) ? valid.replace('<Object>', `${rng.pick(extras)}<Object>`) : valid;
      for (let m = rng.int(3) + 1; m > 0; m--) body = mutateString(body, rng);
      const answer = await s3('POST', path, { body });
      expectS3Answer(answer, 'POST', `${path} ${body.slice(0, 200)}`);
      tally.add('xml');
    }
    await assertStillServes(cloud.endpoint);
  });
});

describe('generated REST requests', () => {
  const KEYS = ['attachments/seed.txt', 'attachments/a b+c%20d', 'status-assets/x', 'reports/../attachments/seed.txt', 'attachments/%00', 'attachments/..%2f..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/x', 'attachments/\u00e9\u4e2d'];

  it('paths, queries and headers get S3\'s XML error or its answer, and no key escapes the store', async () => {
    const rng = new Rng(0x53e);
    expect((await s3('PUT', `/${bucket}/reports/sentinel`, { body: 'kept' })).status).toBe(200);
    const METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'PATCH'];
    const QUERIES = ['', 'list-type=2&prefix=attachments/&delimiter=/&max-keys=2', 'uploads', 'partNumber=1', 'response-content-type=text/html&response-content-disposition=attachment', 'list-type=2&continuation-token=abc&start-after=z', 'versioning', 'cors', 'tagging', 'acl', 'uploadId=nope', 'max-keys=-1', 'encoding-type=url&prefix=%00'];
    const HEADERS = ['range', 'if-match', 'if-none-match', 'if-modified-since', 'x-amz-copy-source', 'x-amz-checksum-crc32', 'x-amz-checksum-sha256', 'content-md5', 'x-amz-meta-a', 'x-amz-metadata-directive', 'content-type', 'x-amz-expected-bucket-owner', 'x-amz-sdk-checksum-algorithm', 'x-amz-copy-source-range'];
    const VALUES = ['bytes=0-1', 'bytes=-1', 'bytes=5-1', 'bytes=0-1,3-4', '"etag"', '*', 'Mon, 07 Dec 2026 00:00:00 GMT', `${bucket}/attachments/seed.txt`, `/${bucket}/../../etc/passwd`, 'AAAAAA==', '1B2M2Y8AsgTpgAmY7PhCfg==', 'COPY', '000000000000', 'CRC32'];
    for (let i = 0; i < 250; i++) {
      const method = rng.pick(METHODS);
      let key = rng.pick(KEYS);
      if (rng.chance(0.5)) key = mutateString(key, rng);
      const encode = (segment: string) => {
        try {
          return encodeURIComponent(segment);
        } catch {
          return segment; // a lone surrogate: sent as it is
        }
      };
      const encodedKey = key.split('/').map((segment) => (rng.chance(0.8) ? encode(segment) : segment)).join('/');
      let query = rng.pick(QUERIES);
      if (rng.chance(0.3)) query = mutateString(query, rng);
      const headers: Record<string, string> = {};
      for (let h = rng.int(3); h > 0; h--) headers[rng.pick(HEADERS)] = rng.chance(0.7) ? rng.pick(VALUES) : nastyString(rng);
      const path = `/${bucket}/${encodedKey}${query ? `?${query}` : ''}`.replace(/[\r\n\t ]/g, '%20');
      let answer;
      try {
        answer = await s3(method, path, { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '')])), body: method === 'PUT' || method === 'POST' ? nastyString(rng) : undefined });
      } catch {
        continue; // a path or header Node refuses to send
      }
      expectS3Answer(answer, method, `${method} ${path} ${JSON.stringify(headers)}`);
      tally.add('rest');
      if (i % 25 === 0) await assertStillServes(cloud.endpoint);
    }
    // Nothing was written outside the store.
    expect(readdirSync(root)).toEqual(['state']);
    expect((await s3('GET', `/${bucket}/reports/sentinel`)).text).toBe('kept');
    await assertStillServes(cloud.endpoint);
  });
});
