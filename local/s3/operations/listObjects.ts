import { optionalElement, xmlDocument, xmlElement } from '../xml';
import { listedPage, listingParameters, listPermission } from './listObjectsV2';
import type { S3Operation } from './types';

/** ListObjects (v1): marker-based paging; NextMarker only with a delimiter, as S3 does. */
export const listObjects: S3Operation = {
  name: 'ListObjects',
  permissions: (call) => [listPermission(call)],
  handle(call) {
    const parameters = listingParameters(call);
    const { encoding, maxKeys, prefix, delimiter } = parameters;
    const marker = call.query.get('marker') ?? '';
    const { page, encode, entriesXml } = listedPage(call, parameters, marker || undefined, true);
    const body =
      xmlElement('Name', call.bucket.name) +
      xmlElement('Prefix', encode(prefix)) +
      xmlElement('Marker', encode(marker)) +
      optionalElement('NextMarker', delimiter && page.isTruncated && page.last !== undefined ? encode(page.last) : undefined) +
      xmlElement('MaxKeys', maxKeys) +
      optionalElement('Delimiter', delimiter === undefined ? undefined : encode(delimiter)) +
      optionalElement('EncodingType', encoding) +
      xmlElement('IsTruncated', page.isTruncated) +
      entriesXml;
    call.sendXml(200, xmlDocument('ListBucketResult', body));
  },
};
