import { encodingType, listKeys, s3UrlEncode } from '../listing';
import { integerParameter } from '../objects';
import { optionalElement, xmlDocument, xmlElement } from '../xml';
import { contentsXml, listPermission } from './listObjectsV2';
import type { S3Operation } from './types';

/** ListObjects (v1): marker-based paging; NextMarker only with a delimiter, as S3 does. */
export const listObjects: S3Operation = {
  name: 'ListObjects',
  permissions: (call) => [listPermission(call)],
  handle(call) {
    const bucket = call.bucket;
    const encoding = encodingType(call.query.get('encoding-type'));
    const maxKeys = integerParameter(call, 'max-keys', 'Provided max-keys not an integer or within integer range') ?? 1000;
    const prefix = call.query.get('prefix') ?? '';
    const delimiter = call.query.get('delimiter') || undefined;
    const marker = call.query.get('marker') ?? '';
    const page = listKeys({ keys: call.ctx.store.sortedKeys(bucket.name), prefix, delimiter, marker: marker || undefined, maxKeys: Math.min(maxKeys, 1000) });
    const encode = (value: string) => (encoding ? s3UrlEncode(value) : value);
    const contents = page.keys
      .map((key) => {
        const record = call.ctx.store.getObject(bucket.name, key);
        return record ? contentsXml(record, encode(key), true) : '';
      })
      .join('');
    const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes>${xmlElement('Prefix', encode(p))}</CommonPrefixes>`).join('');
    const body =
      xmlElement('Name', bucket.name) +
      xmlElement('Prefix', encode(prefix)) +
      xmlElement('Marker', encode(marker)) +
      optionalElement('NextMarker', delimiter && page.isTruncated && page.last !== undefined ? encode(page.last) : undefined) +
      xmlElement('MaxKeys', maxKeys) +
      optionalElement('Delimiter', delimiter === undefined ? undefined : encode(delimiter)) +
      optionalElement('EncodingType', encoding) +
      xmlElement('IsTruncated', page.isTruncated) +
      contents +
      prefixes;
    call.sendXml(200, xmlDocument('ListBucketResult', body));
  },
};
