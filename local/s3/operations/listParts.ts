import { checksumElement } from '../checksums';
import { LOCAL_OWNER_ID, integerParameter } from '../objects';
import { optionalElement, xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import { findUpload } from '../multipart';
import type { S3Operation } from './types';

/** ListParts: the parts uploaded so far, in part-number order, paged by part-number-marker. */
export const listParts: S3Operation = {
  name: 'ListParts',
  permissions: (call) => [{ action: 's3:ListMultipartUploadParts', resource: call.objectArn() }],
  handle(call) {
    const upload = findUpload(call);
    const maxParts = integerParameter(call, 'max-parts', 'Provided max-parts not an integer or within integer range') ?? 1000;
    const marker = integerParameter(call, 'part-number-marker', 'Provided part-number-marker not an integer or within integer range') ?? 0;
    const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
    const page = all.slice(0, Math.min(maxParts, 1000));
    const truncated = all.length > page.length;
    const algorithm = upload.record.checksumAlgorithm;
    const parts = page
      .map(
        (p) =>
          `<Part>${xmlElement('PartNumber', p.partNumber)}${xmlElement('LastModified', xmlTimestamp(p.lastModified))}${xmlElement('ETag', p.etag)}${xmlElement('Size', p.size)}${algorithm && p.checksum ? xmlElement(checksumElement(algorithm), p.checksum) : ''}</Part>`,
      )
      .join('');
    const owner = xmlElement('ID', LOCAL_OWNER_ID);
    call.sendXml(
      200,
      xmlDocument(
        'ListPartsResult',
        xmlElement('Bucket', upload.record.bucket) +
          xmlElement('Key', upload.record.key) +
          xmlElement('UploadId', upload.record.uploadId) +
          xmlElement('PartNumberMarker', marker) +
          optionalElement('NextPartNumberMarker', page.length ? page[page.length - 1].partNumber : undefined) +
          xmlElement('MaxParts', maxParts) +
          xmlElement('IsTruncated', truncated) +
          optionalElement('ChecksumAlgorithm', algorithm) +
          optionalElement('ChecksumType', upload.record.checksumType) +
          parts +
          `<Initiator>${owner}</Initiator><Owner>${owner}</Owner>` +
          xmlElement('StorageClass', 'STANDARD'),
      ),
    );
  },
};
