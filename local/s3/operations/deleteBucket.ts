import { bucketNotEmpty } from '../errors';
import type { S3Operation } from './types';

/**
 * DeleteBucket: only an empty bucket (BucketNotEmpty otherwise); its multipart uploads in
 * progress go with it. An assembly bucket may be deleted too; the next start declares it again.
 */
export const deleteBucket: S3Operation = {
  name: 'DeleteBucket',
  permissions: (call) => [{ action: 's3:DeleteBucket', resource: call.bucket.arn }],
  async handle(call) {
    const bucket = call.bucket;
    if (call.ctx.store.objectCount(bucket.name) > 0) throw bucketNotEmpty(bucket.name);
    await call.ctx.buckets.delete(bucket.name);
    call.send(204);
  },
};
