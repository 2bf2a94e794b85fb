import { findUpload } from '../multipart';
import type { S3Operation } from './types';

/** AbortMultipartUpload: the upload and its parts are deleted. */
export const abortMultipartUpload: S3Operation = {
  name: 'AbortMultipartUpload',
  permissions: (call) => [{ action: 's3:AbortMultipartUpload', resource: call.objectArn() }],
  async handle(call) {
    const upload = findUpload(call);
    await call.ctx.store.abortUpload(upload.record.uploadId);
    call.send(204);
  },
};
