import { describe, expect, it } from 'vitest';
import { continuationToken, listKeys, parseContinuationToken, s3UrlEncode } from '../../../../local/s3/listing';

const keys = ['a/1', 'a/2', 'a/b/3', 'b', 'c/x/1', 'c/y'].sort();

describe('listKeys', () => {
  it('lists everything in order without a prefix or delimiter', () => {
    expect(listKeys({ keys, prefix: '', maxKeys: 1000 })).toEqual({ keys, commonPrefixes: [], isTruncated: false, last: 'c/y' });
  });

  it('rolls up at the delimiter after the prefix', () => {
    expect(listKeys({ keys, prefix: '', delimiter: '/', maxKeys: 1000 })).toMatchObject({ keys: ['b'], commonPrefixes: ['a/', 'c/'] });
    expect(listKeys({ keys, prefix: 'a/', delimiter: '/', maxKeys: 1000 })).toMatchObject({ keys: ['a/1', 'a/2'], commonPrefixes: ['a/b/'] });
  });

  it('counts keys and common prefixes together against maxKeys and resumes after the last entry', () => {
    const first = listKeys({ keys, prefix: '', delimiter: '/', maxKeys: 2 });
    expect(first).toMatchObject({ keys: ['b'], commonPrefixes: ['a/'], isTruncated: true, last: 'b' });
    const second = listKeys({ keys, prefix: '', delimiter: '/', maxKeys: 2, marker: first.last });
    expect(second).toMatchObject({ keys: [], commonPrefixes: ['c/'], isTruncated: false });
  });

  it('does not repeat a common prefix when resuming right after it', () => {
    const page = listKeys({ keys, prefix: '', delimiter: '/', maxKeys: 1, marker: 'a/' });
    expect(page.commonPrefixes).toEqual([]);
    expect(page.keys).toEqual(['b']);
  });

  it('a marker before the prefix starts at the prefix; maxKeys 0 returns nothing', () => {
    expect(listKeys({ keys, prefix: 'c/', marker: 'a', maxKeys: 10 }).keys).toEqual(['c/x/1', 'c/y']);
    expect(listKeys({ keys, prefix: '', maxKeys: 0 })).toEqual({ keys: [], commonPrefixes: [], isTruncated: false });
  });

  it('orders by UTF-8 bytes (above the BMP sorts after U+FFFD)', () => {
    const unicode = ['\u{1F600}', '\uFFFD', 'z'].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(listKeys({ keys: unicode, prefix: '', maxKeys: 10 }).keys).toEqual(['z', '\uFFFD', '\u{1F600}']);
  });
});

describe('s3UrlEncode', () => {
  it('encodes as S3 does for encoding-type=url', () => {
    expect(s3UrlEncode('a b.txt')).toBe('a+b.txt');
    expect(s3UrlEncode('a+b.txt')).toBe('a%2Bb.txt');
    expect(s3UrlEncode('100%.csv')).toBe('100%25.csv');
    expect(s3UrlEncode('한글/x.txt')).toBe('%ED%95%9C%EA%B8%80/x.txt');
  });
});

describe('continuation tokens', () => {
  it('round-trip and refuse tokens not issued here', () => {
    expect(parseContinuationToken(continuationToken('a/b c'))).toBe('a/b c');
    expect(() => parseContinuationToken('garbage')).toThrow('The continuation token provided is incorrect');
    expect(() => parseContinuationToken(Buffer.from('other:a').toString('base64'))).toThrow();
  });
});
