/**
 * What object operations share: metadata from request headers, response headers
 * from a record, conditional requests (RFC 9110 order, as S3 documents it), ranges.
 */
import type { S3Call } from './call';
import { checksumHeader } from './checksums';
import { metadataValueForHeader, metadataValueFromHeader } from './metadata-text';
import { S3Error, invalidArgument, invalidRange, keyTooLong, notModified, preconditionFailed } from './errors';
import { STORED_HEADER_NAMES, type ObjectRecord, type StoredHeaders } from './store/records';

/** S3's limit on user metadata (names and values of x-amz-meta-*, UTF-8). */
const MAX_METADATA_BYTES = 2048;
const MAX_KEY_BYTES = 1024;

/** The account's canonical user id as S3 shows it in listings (stable for the local account). */
export const LOCAL_OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

export function validateKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) throw keyTooLong(size);
}

/** `x-amz-meta-*` headers: names lower-case without the prefix. */
export function userMetadataFrom(call: S3Call): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(call.request.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = metadataValueFromHeader(Array.isArray(value) ? value.join(',') : value);
    const short = name.slice('x-amz-meta-'.length);
    metadata[short] = text;
    size += Buffer.byteLength(short) + Buffer.byteLength(text);
  }
  if (size > MAX_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, { Size: size, MaxSizeAllowed: MAX_METADATA_BYTES });
  }
  return metadata;
}

/**
 * Content-Encoding without `aws-chunked`, the upload's framing rather than the object's
 * encoding; the rest is kept exactly as sent (`deflate, gzip` stays `deflate, gzip`).
 */
function withoutAwsChunked(value: string): string | undefined {
  const codings = value.split(',');
  if (!codings.some((coding) => coding.trim().toLowerCase() === 'aws-chunked')) return value;
  return codings.filter((coding) => coding.trim().toLowerCase() !== 'aws-chunked').join(',').trim() || undefined;
}

/** Content-Type and the other standard headers S3 stores with an object. */
export function storedHeadersFrom(call: S3Call): StoredHeaders {
  const headers: StoredHeaders = {};
  for (const name of STORED_HEADER_NAMES) {
    let value = call.header(name);
    if (name === 'content-encoding' && value !== undefined) value = withoutAwsChunked(value);
    if (value !== undefined) headers[name] = value;
  }
  headers['content-type'] ??= 'binary/octet-stream';
  return headers;
}

/** The headers GET and HEAD return for an object. */
export function objectHeaders(record: ObjectRecord, options: { checksum?: boolean } = {}): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'last-modified': httpDate(record.lastModified),
    etag: record.etag,
    'accept-ranges': 'bytes',
  };
  for (const name of STORED_HEADER_NAMES) {
    const value = record.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  for (const [name, value] of Object.entries(record.metadata)) headers[`x-amz-meta-${name}`] = metadataValueForHeader(value);
  if (record.tags?.length) headers['x-amz-tagging-count'] = record.tags.length;
  if (options.checksum && record.checksum) {
    headers[checksumHeader(record.checksum.algorithm)] = record.checksum.value;
    headers['x-amz-checksum-type'] = record.checksum.type;
  }
  return headers;
}

function etagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

function etagMatches(header: string, record: ObjectRecord): boolean {
  const tags = etagList(header);
  return tags.includes('*') || tags.includes(record.etag.replace(/^"(.*)"$/, '$1'));
}

/** Seconds, as Last-Modified is compared (it has one-second resolution). */
function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * GET/HEAD conditional headers: If-Match and If-Unmodified-Since fail with 412;
 * If-None-Match and If-Modified-Since answer 304. An If-Match that holds makes S3
 * ignore If-Unmodified-Since, and an If-None-Match that holds makes it ignore
 * If-Modified-Since.
 */
export function checkReadPreconditions(call: S3Call, record: ObjectRecord): void {
  const modified = Math.floor(record.lastModified / 1000);
  const ifMatch = call.header('if-match');
  const ifUnmodifiedSince = parseHttpDate(call.header('if-unmodified-since'));
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, record)) throw preconditionFailed('If-Match');
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    throw preconditionFailed('If-Unmodified-Since');
  }
  const ifNoneMatch = call.header('if-none-match');
  const ifModifiedSince = parseHttpDate(call.header('if-modified-since'));
  const unchanged = () => {
    const error = notModified();
    return new S3Error(error.code, error.message, 304, {}, { etag: record.etag, 'last-modified': httpDate(record.lastModified) });
  };
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, record)) throw unchanged();
  } else if (ifModifiedSince !== undefined && modified <= ifModifiedSince && ifModifiedSince <= Date.now() / 1000) {
    throw unchanged();
  }
}

/** CopyObject's `x-amz-copy-source-if-*`: every failure is 412. */
export function checkCopySourcePreconditions(call: S3Call, record: ObjectRecord): void {
  const modified = Math.floor(record.lastModified / 1000);
  const ifMatch = call.header('x-amz-copy-source-if-match');
  const ifNoneMatch = call.header('x-amz-copy-source-if-none-match');
  const ifUnmodifiedSince = parseHttpDate(call.header('x-amz-copy-source-if-unmodified-since'));
  const ifModifiedSince = parseHttpDate(call.header('x-amz-copy-source-if-modified-since'));
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, record)) throw preconditionFailed('x-amz-copy-source-If-Match');
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    throw preconditionFailed('x-amz-copy-source-If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, record)) throw preconditionFailed('x-amz-copy-source-If-None-Match');
  } else if (ifModifiedSince !== undefined && modified <= ifModifiedSince) {
    throw preconditionFailed('x-amz-copy-source-If-Modified-Since');
  }
}

/** Conditional writes (PutObject, CompleteMultipartUpload): If-None-Match: * and If-Match. */
export function checkWritePreconditions(call: S3Call, existing: ObjectRecord | undefined): void {
  const ifNoneMatch = call.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { Header: 'If-None-Match' });
    if (existing) throw preconditionFailed('If-None-Match');
  }
  const ifMatch = call.header('if-match');
  if (ifMatch !== undefined) {
    if (!existing) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: call.key });
    if (!etagMatches(ifMatch, existing)) throw preconditionFailed('If-Match');
  }
}

/**
 * The byte range a `Range` header asks for ([start, end) with `end` exclusive), or
 * undefined for the whole object. Forms S3 ignores (several ranges, other units,
 * malformed) give the whole object; a range beyond the object is InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(match[1]);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  const last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return { start, end: last + 1 };
}

/** A positive integer query parameter, or InvalidArgument naming it. */
export function integerParameter(call: S3Call, name: string, message: string, min = 0, max = 2 ** 31 - 1): number | undefined {
  const value = call.query.get(name);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) throw invalidArgument(message, name, value);
  return Number(value);
}
