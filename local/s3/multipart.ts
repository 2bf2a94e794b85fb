/** What the multipart operations share: finding the upload a request names. */
import type { S3Call } from './call';
import { invalidArgument, noSuchUpload } from './errors';
import type { Upload } from './store/objectStore';

/** The upload named by `uploadId`, which must belong to this bucket and key. */
export function findUpload(call: S3Call): Upload {
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = call.ctx.store.getUpload(uploadId);
  if (!upload || upload.record.bucket !== call.bucket.name || upload.record.key !== call.key) throw noSuchUpload(uploadId);
  return upload;
}

export function partNumberParameter(call: S3Call): number {
  const value = call.query.get('partNumber') ?? '';
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10000) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', value);
  }
  return Number(value);
}
