import { describe, expect, it } from 'vitest';
import { localStorageFetch, localStorageSettings, localStorageUrl, localStorageXhr } from '../../../../local/client/storage';

const settings = { endpoint: 'http://127.0.0.1:4566', buckets: ['files-bucket', 'dotted.bucket'] };

describe('localStorageSettings', () => {
  it('reads the endpoint and every bucket from local outputs, and nothing from AWS outputs', () => {
    const outputs = {
      version: '1.4',
      storage: { aws_region: 'us-east-1', bucket_name: 'a', buckets: [{ name: 'files', bucket_name: 'a' }, { name: 'other', bucket_name: 'b' }] },
      custom: { local: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' } },
    };
    expect(localStorageSettings(outputs)).toEqual({ endpoint: 'http://127.0.0.1:9', buckets: ['a', 'b'] });
    expect(localStorageSettings({ ...outputs, custom: {} })).toBeUndefined();
  });
});

describe('localStorageUrl', () => {
  it('moves a virtual-host URL of a local bucket to the endpoint, path style, keeping path and query byte for byte', () => {
    expect(localStorageUrl('https://files-bucket.s3.us-east-1.amazonaws.com/a%20b/c%2Bd.txt?X-Amz-Signature=abc&x-id=GetObject', settings)).toBe(
      'http://127.0.0.1:4566/files-bucket/a%20b/c%2Bd.txt?X-Amz-Signature=abc&x-id=GetObject',
    );
    expect(localStorageUrl(new URL('https://files-bucket.s3.us-east-1.amazonaws.com/?list-type=2&prefix=attachments%2F'), settings)).toBe(
      'http://127.0.0.1:4566/files-bucket/?list-type=2&prefix=attachments%2F',
    );
  });

  it('keeps a path-style URL (dotted bucket names) path style', () => {
    expect(localStorageUrl('https://s3.us-east-1.amazonaws.com/dotted.bucket/k', settings)).toBe('http://127.0.0.1:4566/dotted.bucket/k');
  });

  it('leaves everything else alone: other buckets, other hosts, plain http, the endpoint itself', () => {
    for (const url of [
      'https://someone-elses.s3.us-east-1.amazonaws.com/k',
      'https://s3.us-east-1.amazonaws.com/not-local/k',
      'https://cognito-idp.us-east-1.amazonaws.com/',
      'http://files-bucket.s3.us-east-1.amazonaws.com/k',
      'http://127.0.0.1:4566/files-bucket/k',
      'not a url',
    ]) {
      expect(localStorageUrl(url, settings)).toBe(url);
    }
  });
});

describe('localStorageFetch', () => {
  it('sends local-bucket requests to the endpoint without the AWS Host header, other requests untouched', async () => {
    const seen: { url: string; host: string | null; auth: string | null }[] = [];
    const base = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, host: new Headers(init?.headers).get('host'), auth: request.headers.get('authorization') });
      return new Response('ok');
    }) as typeof fetch;
    const wrapped = localStorageFetch(base, settings);

    await wrapped(new URL('https://files-bucket.s3.us-east-1.amazonaws.com/k?x=1'), { method: 'PUT', headers: { host: 'files-bucket.s3.us-east-1.amazonaws.com', authorization: 'AWS4-HMAC-SHA256 sig' }, body: 'x' });
    await wrapped('https://example.com/');

    expect(seen).toEqual([
      { url: 'http://127.0.0.1:4566/files-bucket/k?x=1', host: null, auth: 'AWS4-HMAC-SHA256 sig' },
      { url: 'https://example.com/', host: null, auth: null },
    ]);
  });
});

describe('localStorageXhr', () => {
  it('opens local-bucket URLs on the endpoint and keeps the XHR constants', () => {
    const opened: string[] = [];
    class FakeXhr {
      static readonly DONE = 4;
      readonly DONE = 4;
      open(_method: string, url: string | URL): void {
        opened.push(String(url));
      }
    }
    const Local = localStorageXhr(FakeXhr as unknown as new () => XMLHttpRequest, settings);
    const xhr = new Local();
    xhr.open('PUT', 'https://files-bucket.s3.us-east-1.amazonaws.com/k');
    xhr.open('GET', 'https://example.com/x');
    expect(opened).toEqual(['http://127.0.0.1:4566/files-bucket/k', 'https://example.com/x']);
    expect((Local as unknown as { DONE: number }).DONE).toBe(4);
    expect(xhr.DONE).toBe(4);
  });
});
