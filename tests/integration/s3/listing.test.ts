import { ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { failure, filesBucket, s3Client, startS3Cloud } from './helpers';

/** ListObjectsV2 and ListObjects with the real SDK v3 client. */
describe('S3 listings', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let bucket: string;
  const keys = ['docs/a.txt', 'docs/b.txt', 'docs/sub/c.txt', 'docs/sub/d.txt', 'docs/z b+c.txt', 'img/1.png', 'img/2.png', 'readme', 'ünï/x'];

  beforeAll(async () => {
    cloud = await startS3Cloud();
    s3 = s3Client(cloud);
    bucket = filesBucket(cloud);
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
  });
  afterAll(() => cloud?.stop());

  const listV2 = (input: Record<string, unknown> = {}) => s3.send(new ListObjectsV2Command({ Bucket: bucket, ...input }));

  describe('serialization', () => {
    it('echoes Name, Prefix, MaxKeys and KeyCount exactly, and omits Delimiter and tokens not sent', async () => {
      // Act
      const result = await listV2({ Prefix: 'img/', MaxKeys: 7 });

      // Assess
      expect(result.Name).toBe(bucket);
      expect(result.Prefix).toBe('img/');
      expect(result.MaxKeys).toBe(7);
      expect(result.KeyCount).toBe(2);
      expect(result.Delimiter).toBeUndefined();
      expect(result.ContinuationToken).toBeUndefined();
      expect(result.NextContinuationToken).toBeUndefined();
      expect(result.IsTruncated).toBe(false);
      expect(result.Contents?.map((c) => [c.Key, c.Size, c.StorageClass])).toEqual([
        ['img/1.png', 9, 'STANDARD'],
        ['img/2.png', 9, 'STANDARD'],
      ]);
      expect(result.Contents?.[0].ETag).toMatch(/^"[0-9a-f]{32}"$/);
    });

    it('without a prefix echoes an empty Prefix and the default MaxKeys of 1000', async () => {
      const result = await listV2();
      expect(result.Prefix).toBe('');
      expect(result.MaxKeys).toBe(1000);
      expect(result.KeyCount).toBe(keys.length);
    });

    it('encoding-type=url encodes keys, prefixes and delimiter as S3 does (space as +, / kept)', async () => {
      // Prepare: ask for the raw response (the SDK does not decode).
      const result = await listV2({ Prefix: 'docs/', Delimiter: '/', EncodingType: 'url' });

      // Assess
      expect(result.EncodingType).toBe('url');
      expect(result.Prefix).toBe('docs/');
      expect(result.Contents?.map((c) => c.Key)).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/z+b%2Bc.txt']);
      expect(result.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/sub/']);
      const unicode = await listV2({ Prefix: 'ünï/', EncodingType: 'url' });
      expect(unicode.Prefix).toBe('%C3%BCn%C3%AF/');
      expect(unicode.Contents?.map((c) => c.Key)).toEqual(['%C3%BCn%C3%AF/x']);
    });

    it('with fetch-owner includes the Owner', async () => {
      const result = await listV2({ Prefix: 'readme', FetchOwner: true });
      expect(result.Contents?.[0].Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('validation', () => {
    it('an encoding type other than url is InvalidArgument', async () => {
      const error = await failure(listV2({ EncodingType: 'base64' as never }));
      expect(error.name).toBe('InvalidArgument');
      expect(error.message).toBe('Invalid Encoding Method specified in Request');
    });

    it('a negative max-keys is InvalidArgument', async () => {
      const error = await failure(listV2({ MaxKeys: -1 }));
      expect(error.name).toBe('InvalidArgument');
    });

    it('a continuation token that was not issued is InvalidArgument', async () => {
      const error = await failure(listV2({ ContinuationToken: 'bm90IGEgdG9rZW4=' }));
      expect(error.name).toBe('InvalidArgument');
      expect(error.message).toBe('The continuation token provided is incorrect');
    });
  });

  describe('functionality', () => {
    it('lists keys in UTF-8 byte order', async () => {
      const result = await listV2();
      expect(result.Contents?.map((c) => c.Key)).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    });

    it('rolls keys up into CommonPrefixes at the delimiter; KeyCount counts both', async () => {
      const result = await listV2({ Delimiter: '/' });
      expect(result.Contents?.map((c) => c.Key)).toEqual(['readme']);
      expect(result.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/', 'img/', 'ünï/']);
      expect(result.KeyCount).toBe(4);
      expect(result.Delimiter).toBe('/');
    });

    it('pages with continuation tokens until every key was returned once', async () => {
      // Act
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await listV2({ MaxKeys: 2, ContinuationToken: token });
        expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
        expect(page.ContinuationToken).toBe(token);
        seen.push(...(page.Contents ?? []).map((c) => c.Key!));
        token = page.NextContinuationToken;
        expect(page.IsTruncated).toBe(token !== undefined);
        pages++;
      } while (token);

      // Assess
      expect(pages).toBe(5);
      expect(seen).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    });

    it('pages over common prefixes without repeating one', async () => {
      const first = await listV2({ Delimiter: '/', MaxKeys: 2 });
      const second = await listV2({ Delimiter: '/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken });
      expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/', 'img/']);
      expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['ünï/']);
      expect(second.Contents?.map((c) => c.Key)).toEqual(['readme']);
      expect(second.IsTruncated).toBe(false);
    });

    it('start-after skips keys up to and including it, and is echoed', async () => {
      const result = await listV2({ Prefix: 'docs/', StartAfter: 'docs/b.txt' });
      expect(result.StartAfter).toBe('docs/b.txt');
      expect(result.Contents?.map((c) => c.Key)).toEqual(['docs/sub/c.txt', 'docs/sub/d.txt', 'docs/z b+c.txt']);
    });

    it('a prefix matching nothing gives an empty, non-truncated page', async () => {
      const result = await listV2({ Prefix: 'nothing/' });
      expect(result.Contents).toBeUndefined();
      expect(result.KeyCount).toBe(0);
      expect(result.IsTruncated).toBe(false);
    });

    it('ListObjects (v1) pages with markers; NextMarker with a delimiter', async () => {
      // Act
      const first = await s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 3 }));
      const next = await s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 3, Marker: first.Contents!.at(-1)!.Key }));
      const delimited = await s3.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 1 }));

      // Assess
      expect(first.Contents?.map((c) => c.Key)).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/sub/c.txt']);
      expect(first.IsTruncated).toBe(true);
      expect(first.NextMarker).toBeUndefined();
      expect(next.Marker).toBe('docs/sub/c.txt');
      expect(next.Contents?.[0].Key).toBe('docs/sub/d.txt');
      expect(delimited.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/']);
      expect(delimited.NextMarker).toBe('docs/');
    });
  });
});
