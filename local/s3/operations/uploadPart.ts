import { checksumHeader } from '../checksums';
import { ingestBody } from '../ingest';
import { findUpload, partNumberParameter } from '../multipart';
import type { S3Operation } from './types';

/** UploadPart: streamed to disk like PutObject, checksummed with the upload's algorithm; parts up to the part size limit. */
export const uploadPart: S3Operation = {
  name: 'UploadPart',
  permissions: (call) => [{ action: 's3:PutObject', resource: call.objectArn() }],
  async handle(call) {
    const partNumber = partNumberParameter(call);
    const upload = findUpload(call);
    const algorithm = upload.record.checksumAlgorithm;
    const { blob, md5, checksum } = await ingestBody(call, { maxSize: call.ctx.limits.maxPartSize, uploadAlgorithm: algorithm });
    const etag = `"${md5.toString('hex')}"`;
    await call.ctx.store.putPart(upload.record.uploadId, {
      partNumber,
      etag,
      size: blob.size,
      lastModified: Date.now(),
      checksum: checksum?.value,
      blob: blob.id,
    });
    call.send(200, { etag, ...(checksum ? { [checksumHeader(checksum.algorithm)]: checksum.value } : {}), 'content-length': 0 });
  },
};
