import type { S3Operation } from './types';

/** DeleteBucketTagging: authorized as s3:PutBucketTagging, as IAM names it (there is no s3:DeleteBucketTagging). */
export const deleteBucketTagging: S3Operation = {
  name: 'DeleteBucketTagging',
  permissions: (call) => [{ action: 's3:PutBucketTagging', resource: call.bucket.arn }],
  async handle(call) {
    await call.ctx.buckets.configure(call.bucket.name, { tags: null });
    call.send(204);
  },
};
