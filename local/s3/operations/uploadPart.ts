import { checksumHeader } from '../checksums';
import { customerKeyFrom, encryptionHeaders, newIv, type CustomerKey, type ObjectEncryption } from '../encryption';
import { invalidRequest } from '../errors';
import type { S3Call } from '../call';
import { ingestBody } from '../ingest';
import { findUpload, partNumberParameter } from '../multipart';
import type { S3Operation } from './types';

/** SSE-C uploads: every part (UploadPart, UploadPartCopy) must present the key the upload was created with. */
export function partKey(call: S3Call, encryption: ObjectEncryption | undefined): CustomerKey | undefined {
  const presented = customerKeyFrom(call);
  if (!encryption?.customer) {
    if (presented) throw invalidRequest('The encryption parameters are not applicable to this object.');
    return undefined;
  }
  if (!presented) {
    throw invalidRequest('The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.');
  }
  if (presented.keyMd5 !== encryption.customer.keyMd5) throw invalidRequest('The provided encryption parameters did not match the ones used originally.');
  return presented;
}

/** UploadPart: streamed to disk like PutObject, checksummed with the upload's algorithm; parts up to the part size limit. */
export const uploadPart: S3Operation = {
  name: 'UploadPart',
  permissions: (call) => [{ action: 's3:PutObject', resource: call.objectArn() }],
  async handle(call) {
    const partNumber = partNumberParameter(call);
    const upload = findUpload(call);
    const algorithm = upload.record.checksumAlgorithm;
    const customerKey = partKey(call, upload.record.encryption);
    const iv = customerKey ? newIv() : undefined;
    const encrypt = customerKey && iv ? { key: customerKey.key, iv } : undefined;
    const { blob, md5, checksum } = await ingestBody(call, { maxSize: call.ctx.limits.maxPartSize, uploadAlgorithm: algorithm, encrypt });
    const etag = `"${md5.toString('hex')}"`;
    await call.ctx.store.putPart(upload.record.uploadId, {
      partNumber,
      etag,
      size: blob.size,
      lastModified: Date.now(),
      checksum: checksum?.value,
      blob: blob.id,
      iv,
    });
    call.send(200, { etag, ...encryptionHeaders(upload.record.encryption), ...(checksum ? { [checksumHeader(checksum.algorithm)]: checksum.value } : {}), 'content-length': 0 });
  },
};
