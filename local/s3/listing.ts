/**
 * Key listing as S3 does it for ListObjects (v1 and v2): keys in UTF-8 byte order,
 * after a marker, under a prefix, rolled up into common prefixes at the delimiter,
 * at most `maxKeys` entries (keys and common prefixes together).
 */
import { invalidArgument } from './errors';
import { compareKeys } from './store/objectStore';

export interface ListingInput {
  /** Every key of the bucket, sorted. */
  keys: readonly string[];
  prefix: string;
  delimiter?: string;
  /** List only what sorts after this (a key, or a common prefix already returned). */
  marker?: string;
  maxKeys: number;
}

export interface ListingPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned (where the next page resumes). */
  last?: string;
}

/** Index of the first key greater than `after` (binary search). */
function firstAfter(keys: readonly string[], after: string, inclusive: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compareKeys(keys[mid], after);
    if (order < 0 || (!inclusive && order === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function listKeys(input: ListingInput): ListingPage {
  const { keys, prefix, delimiter, marker, maxKeys } = input;
  const page: ListingPage = { keys: [], commonPrefixes: [], isTruncated: false };
  if (maxKeys === 0) return page;
  let i = marker !== undefined && compareKeys(marker, prefix) >= 0 ? firstAfter(keys, marker, false) : firstAfter(keys, prefix, true);
  for (; i < keys.length; i++) {
    const key = keys[i];
    if (!key.startsWith(prefix)) {
      if (compareKeys(key, prefix) > 0) break; // past every key under the prefix
      continue;
    }
    let entry = key;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        // Keys rolled into a common prefix already returned (on this page or the last).
        if (entry === page.last || entry === marker) continue;
      }
    }
    if (page.keys.length + page.commonPrefixes.length === maxKeys) {
      page.isTruncated = true;
      break;
    }
    (isPrefix ? page.commonPrefixes : page.keys).push(entry);
    page.last = entry;
  }
  return page;
}

/**
 * `encoding-type=url` as S3 applies it (observed on AWS): UTF-8 percent-encoding,
 * a space as `+`, and `/` left as is — so `a b/c+d` lists as `a+b/c%2Bd`.
 */
export function s3UrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The encoding-type parameter: undefined or 'url'; anything else is InvalidArgument. */
export function encodingType(value: string | null): 'url' | undefined {
  if (value === null) return undefined;
  if (value.toLowerCase() !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', value);
  return 'url';
}

const TOKEN_PREFIX = 'flare1:';

/** ListObjectsV2's opaque continuation token: where the next page resumes. */
export function continuationToken(last: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${last}`, 'utf8').toString('base64');
}

export function parseContinuationToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX) || Buffer.from(text, 'utf8').toString('base64') !== token) {
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return text.slice(TOKEN_PREFIX.length);
}
