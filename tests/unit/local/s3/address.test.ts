import { describe, expect, it } from 'vitest';
import { parseAddress, virtualHostBucket } from '../../../../local/s3/address';

describe('S3 addressing', () => {
  it('path style: the first segment is the bucket, the rest the decoded key', () => {
    expect(parseAddress('/my-bucket/a%20b/c%2Bd+e?x=1', '127.0.0.1:4566')).toEqual({
      style: 'path',
      bucket: 'my-bucket',
      key: 'a b/c+d+e',
      rawPath: '/my-bucket/a%20b/c%2Bd+e',
      rawQuery: 'x=1',
      malformed: false,
    });
    expect(parseAddress('/my-bucket', '127.0.0.1:4566')).toMatchObject({ bucket: 'my-bucket', key: '' });
    expect(parseAddress('/my-bucket/', '127.0.0.1:4566')).toMatchObject({ bucket: 'my-bucket', key: '' });
    const service = parseAddress('/?x', '127.0.0.1:4566');
    expect(service.bucket).toBeUndefined();
    expect(service.rawQuery).toBe('x');
  });

  it('keeps keys with empty and dot segments as they are', () => {
    expect(parseAddress('/b/x//y/../z', 'localhost').key).toBe('x//y/../z');
  });

  it('virtual host: the bucket is the first labels of <bucket>.localhost or an S3 host name', () => {
    expect(virtualHostBucket('my-bucket.localhost:4566')).toBe('my-bucket');
    expect(virtualHostBucket('my.dotted.bucket.localhost')).toBe('my.dotted.bucket');
    expect(virtualHostBucket('files.s3.us-east-1.amazonaws.com')).toBe('files');
    expect(virtualHostBucket('files.s3.amazonaws.com')).toBe('files');
    expect(virtualHostBucket('localhost:4566')).toBeUndefined();
    expect(virtualHostBucket('127.0.0.1:4566')).toBeUndefined();
    expect(virtualHostBucket('s3.us-east-1.amazonaws.com')).toBeUndefined();
    expect(parseAddress('/k%2F1', 'b.localhost:1')).toMatchObject({ style: 'virtual-host', bucket: 'b', key: 'k/1' });
  });

  it('marks percent-encoding it cannot decode as malformed', () => {
    expect(parseAddress('/b/%E0%A4%A', 'x').malformed).toBe(true);
  });
});
