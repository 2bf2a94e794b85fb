import type { S3Call } from '../call';
import { checksumElement } from '../checksums';
import { invalidArgument, invalidRequest, noSuchBucket, noSuchKey } from '../errors';
import { findUpload, partNumberParameter } from '../multipart';
import { readKey } from '../encryption';
import { checkCopySourcePreconditions } from '../objects';
import { optionalElement, xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import { copyIntoBlob, copyPermissions, copySource } from './copyObject';
import type { S3Operation } from './types';
import { partKey } from './uploadPart';

/** `x-amz-copy-source-range: bytes=first-last` (both required, inclusive), within the source object. */
function copyRange(call: S3Call, size: number): { start: number; end: number } {
  const header = call.header('x-amz-copy-source-range');
  if (header === undefined) return { start: 0, end: size };
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!match || Number(match[1]) > Number(match[2])) {
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    );
  }
  const start = Number(match[1]);
  const last = Number(match[2]);
  if (last >= size) throw invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', header);
  return { start, end: last + 1 };
}

/**
 * UploadPartCopy: a part made of (a range of) an existing object; s3:GetObject on the source
 * and s3:PutObject on the upload's key. The bytes are copied into the part's own blob.
 */
export const uploadPartCopy: S3Operation = {
  name: 'UploadPartCopy',
  permissions: copyPermissions,
  async handle(call) {
    const partNumber = partNumberParameter(call);
    const upload = findUpload(call);
    const source = copySource(call);
    if (!call.ctx.buckets.has(source.bucket)) throw noSuchBucket(source.bucket);
    const original = call.ctx.store.getObject(source.bucket, source.key);
    if (!original) throw noSuchKey(source.key);
    const sourceKey = readKey(call, original.encryption, true);
    const targetKey = partKey(call, upload.record.encryption);
    checkCopySourcePreconditions(call, original);
    const { start, end } = copyRange(call, original.size);
    if (end - start > call.ctx.limits.maxPartSize) {
      throw invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${call.ctx.limits.maxPartSize}`);
    }

    const algorithm = upload.record.checksumAlgorithm;
    const { blob, md5, checksum: checksumValue, iv } = await copyIntoBlob(call, original, algorithm, { sourceKey: sourceKey?.key, targetKey: targetKey?.key }, start, end);
    const etag = `"${md5}"`;
    const lastModified = Date.now();
    await call.ctx.store.putPart(upload.record.uploadId, { partNumber, etag, size: blob.size, lastModified, checksum: checksumValue, blob: blob.id, iv });
    const checksumXml = algorithm ? optionalElement(checksumElement(algorithm), checksumValue) : '';
    call.sendXml(200, xmlDocument('CopyPartResult', `${xmlElement('ETag', etag)}${xmlElement('LastModified', xmlTimestamp(lastModified))}${checksumXml}`));
  },
};
