import type { Permission } from '../auth';
import type { S3Call } from '../call';
import { continuationToken, encodingType, listKeys, parseContinuationToken, s3UrlEncode, type ListingPage } from '../listing';
import { LOCAL_OWNER_ID, integerParameter } from '../objects';
import type { ObjectRecord } from '../store/records';
import { optionalElement, xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import type { S3Operation } from './types';

/** ListBucket's condition keys, present only when the request sets them. */
export function listPermission(call: S3Call): Permission {
  const context: Record<string, string> = {};
  const prefix = call.query.get('prefix');
  const delimiter = call.query.get('delimiter');
  const maxKeys = call.query.get('max-keys');
  if (prefix !== null) context['s3:prefix'] = prefix;
  if (delimiter !== null) context['s3:delimiter'] = delimiter;
  if (maxKeys !== null) context['s3:max-keys'] = maxKeys;
  return { action: 's3:ListBucket', resource: call.bucket.arn, context };
}

/** One `<Contents>` entry. */
export function contentsXml(record: ObjectRecord, key: string, withOwner: boolean): string {
  const checksum = record.checksum
    ? `${xmlElement('ChecksumAlgorithm', record.checksum.algorithm)}${xmlElement('ChecksumType', record.checksum.type)}`
    : '';
  const owner = withOwner ? `<Owner>${xmlElement('ID', LOCAL_OWNER_ID)}</Owner>` : '';
  return `<Contents>${xmlElement('Key', key)}${xmlElement('LastModified', xmlTimestamp(record.lastModified))}${xmlElement('ETag', record.etag)}${checksum}${xmlElement('Size', record.size)}${owner}${xmlElement('StorageClass', 'STANDARD')}</Contents>`;
}

/** The parameters ListObjects and ListObjectsV2 read alike, checked in this order. */
export interface ListingParameters {
  encoding: 'url' | undefined;
  maxKeys: number;
  prefix: string;
  delimiter: string | undefined;
}

/** Reads the parameters both list operations share (invalid encoding-type or max-keys are InvalidArgument). */
export function listingParameters(call: S3Call): ListingParameters {
  return {
    encoding: encodingType(call.query.get('encoding-type')),
    maxKeys: integerParameter(call, 'max-keys', 'Provided max-keys not an integer or within integer range') ?? 1000,
    prefix: call.query.get('prefix') ?? '',
    delimiter: call.query.get('delimiter') || undefined,
  };
}

/**
 * One page of the bucket's keys after `marker` (at most 1000), with its `<Contents>` and
 * `<CommonPrefixes>` entries; `encode` URL-encodes keys and prefixes when the request asked.
 */
export function listedPage(
  call: S3Call,
  { encoding, maxKeys, prefix, delimiter }: ListingParameters,
  marker: string | undefined,
  withOwner: boolean,
): { page: ListingPage; encode: (value: string) => string; entriesXml: string } {
  const bucket = call.bucket;
  const page = listKeys({ keys: call.ctx.store.sortedKeys(bucket.name), prefix, delimiter, marker, maxKeys: Math.min(maxKeys, 1000) });
  const encode = (value: string) => (encoding ? s3UrlEncode(value) : value);
  const contents = page.keys
    .map((key) => {
      const record = call.ctx.store.getObject(bucket.name, key);
      return record ? contentsXml(record, encode(key), withOwner) : '';
    })
    .join('');
  const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes>${xmlElement('Prefix', encode(p))}</CommonPrefixes>`).join('');
  return { page, encode, entriesXml: contents + prefixes };
}

/** ListObjectsV2: echoes Name, Prefix, Delimiter, MaxKeys, tokens and StartAfter exactly (aws-amplify checks them). */
export const listObjectsV2: S3Operation = {
  name: 'ListObjectsV2',
  permissions: (call) => [listPermission(call)],
  handle(call) {
    const parameters = listingParameters(call);
    const { encoding, maxKeys, prefix, delimiter } = parameters;
    const token = call.query.get('continuation-token');
    const startAfter = call.query.get('start-after');
    const fetchOwner = call.query.get('fetch-owner') === 'true';
    // An empty token is no token (S3 lists from the start and echoes it empty).
    const marker = token ? parseContinuationToken(token) : startAfter ?? undefined;

    const { page, encode, entriesXml } = listedPage(call, parameters, marker, fetchOwner);
    const body =
      xmlElement('Name', call.bucket.name) +
      xmlElement('Prefix', encode(prefix)) +
      optionalElement('Delimiter', delimiter === undefined ? undefined : encode(delimiter)) +
      xmlElement('MaxKeys', maxKeys) +
      optionalElement('EncodingType', encoding) +
      xmlElement('KeyCount', page.keys.length + page.commonPrefixes.length) +
      optionalElement('ContinuationToken', token ?? undefined) +
      xmlElement('IsTruncated', page.isTruncated) +
      optionalElement('NextContinuationToken', page.isTruncated && page.last !== undefined ? continuationToken(page.last) : undefined) +
      optionalElement('StartAfter', startAfter === null ? undefined : encode(startAfter)) +
      entriesXml;
    call.sendXml(200, xmlDocument('ListBucketResult', body));
  },
};
