import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The pieces of a SigV4 canonical request, built from the request as it arrived
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 */

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** AWS's UriEncode: every byte but `A-Za-z0-9-._~` as `%XY` (upper-case hex), `/` included. */
export function uriEncode(value: string): string {
  // encodeURIComponent leaves exactly `A-Za-z0-9-_.!~*'()` alone; AWS wants `!*'()` encoded too.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-decoding that leaves malformed escapes as they are (AWS signs what it can decode). */
function decode(value: string, plusIsSpace: boolean): string {
  const text = plusIsSpace ? value.replace(/\+/g, ' ') : value;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `.` and `..` resolved and empty segments dropped, as RFC 3986 normalization and the SDKs do. */
function normalizeSegments(rawPath: string): string[] {
  const out: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out;
}

/**
 * Candidate canonical URIs for a path as sent, most likely first. S3 encodes the path
 * once and does not normalize it; every other service normalizes it and encodes each
 * segment twice. The first candidate re-encodes the decoded path the canonical way; the
 * second is the sender's own encoding (they differ only when the sender encoded a byte
 * that AWS would not, or left one AWS would encode — e.g. a literal `%2F` in an S3 key).
 */
export function canonicalUris(rawPath: string, service: string): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  let canonical: string;
  let asSent: string;
  if (service === 's3') {
    canonical = path.split('/').map((segment) => uriEncode(decode(segment, false))).join('/');
    asSent = path;
  } else {
    const segments = normalizeSegments(path);
    const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
    canonical = `/${segments.map((segment) => uriEncode(uriEncode(decode(segment, false)))).join('/')}${trailing}`;
    asSent = `/${segments.map((segment) => uriEncode(segment)).join('/')}${trailing}`;
  }
  return canonical === asSent ? [canonical] : [canonical, asSent];
}

/**
 * Candidate canonical query strings: parameters decoded and re-encoded with UriEncode,
 * sorted by name then value. A `+` is taken literally first (what the SDKs send is
 * `%20` for a space) and as a space second (what HTML forms and URLSearchParams send).
 */
export function canonicalQueries(rawQuery: string, omit?: string): string[] {
  if (rawQuery === '') return [''];
  const build = (plusIsSpace: boolean) => {
    const pairs: [string, string][] = [];
    for (const part of rawQuery.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = decode(eq < 0 ? part : part.slice(0, eq), plusIsSpace);
      if (name === omit) continue;
      pairs.push([uriEncode(name), uriEncode(decode(eq < 0 ? '' : part.slice(eq + 1), plusIsSpace))]);
    }
    pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
    return pairs.map(([k, v]) => `${k}=${v}`).join('&');
  };
  const literal = build(false);
  if (!rawQuery.includes('+')) return [literal];
  const spaced = build(true);
  return spaced === literal ? [literal] : [literal, spaced];
}

/** `name:value` lines for the signed headers, values trimmed and inner whitespace runs collapsed. */
export function canonicalHeaders(headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    out += `${name}:${value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim()}\n`;
  }
  return out;
}

export function canonicalRequest(parts: {
  method: string;
  uri: string;
  query: string;
  headers: string;
  signedHeaders: string;
  payloadHash: string;
}): string {
  return `${parts.method}\n${parts.uri}\n${parts.query}\n${parts.headers}\n${parts.signedHeaders}\n${parts.payloadHash}`;
}

/**
 * Hashes of a canonical request, most likely first. SigV4 hashes the header values' bytes as
 * sent; Node hands header values over decoded as latin1 (one char per byte), so the bytes are
 * the latin1 encoding of the text — `x-amz-meta-name: Zoé` sent as UTF-8 arrives as `ZoÃ©`,
 * and hashing that text as UTF-8 would encode it twice. Every other part of the canonical
 * request is ASCII. The text's UTF-8 hash is kept as a second candidate for a signer that
 * hashed UTF-8 but sent latin1 bytes.
 */
export function canonicalRequestHashes(canonical: string): string[] {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(canonical)) return [sha256Hex(canonical)];
  return [sha256Hex(Buffer.from(canonical, 'latin1')), sha256Hex(canonical)];
}
