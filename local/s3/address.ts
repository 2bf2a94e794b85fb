/**
 * Which bucket and key a request names. S3 accepts both addressing styles, and so
 * does the local endpoint (FACTS.md: the SDK uses path style for an IP endpoint and
 * virtual-host style for `localhost`):
 *
 *   path style     http://127.0.0.1:4566/<bucket>/<key>
 *   virtual host   http://<bucket>.localhost:4566/<key>   (or Host: <bucket>.s3.<region>.amazonaws.com)
 */

export interface S3Address {
  style: 'path' | 'virtual-host';
  bucket?: string;
  /** The decoded key ('' is no key). */
  key?: string;
  /** The path exactly as sent (still percent-encoded), for SigV4. */
  rawPath: string;
  /** The query exactly as sent, without `?`. */
  rawQuery: string;
}

/** Host names that carry the bucket as their first label. */
const VIRTUAL_HOST_SUFFIXES = [/^(.+)\.localhost$/, /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/];

function hostname(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** The bucket a Host header names, or undefined for a plain endpoint host. */
export function virtualHostBucket(host: string | undefined): string | undefined {
  const name = hostname(host);
  for (const pattern of VIRTUAL_HOST_SUFFIXES) {
    const match = pattern.exec(name);
    if (match) return match[1];
  }
  return undefined;
}

function decodeSegment(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads bucket and key from the request target and Host header. A path that is not
 * valid percent-encoding gives `key: undefined` with a bucket; the caller answers it.
 */
export function parseAddress(rawUrl: string, host: string | undefined): S3Address & { malformed?: boolean } {
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const hostBucket = virtualHostBucket(host);
  if (hostBucket !== undefined) {
    const key = decodeSegment(rawPath.slice(1));
    return { style: 'virtual-host', bucket: hostBucket, key: key ?? '', rawPath, rawQuery, malformed: key === undefined };
  }
  const path = rawPath.slice(1);
  if (path === '') return { style: 'path', rawPath, rawQuery };
  const slash = path.indexOf('/');
  const bucket = decodeSegment(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : decodeSegment(path.slice(slash + 1));
  return { style: 'path', bucket: bucket ?? '', key: key ?? '', rawPath, rawQuery, malformed: bucket === undefined || key === undefined };
}
