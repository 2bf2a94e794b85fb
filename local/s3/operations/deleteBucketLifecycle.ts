import type { S3Operation } from './types';

/** DeleteBucketLifecycle: authorized as s3:PutLifecycleConfiguration, as IAM names it. */
export const deleteBucketLifecycle: S3Operation = {
  name: 'DeleteBucketLifecycle',
  permissions: (call) => [{ action: 's3:PutLifecycleConfiguration', resource: call.bucket.arn }],
  async handle(call) {
    await call.ctx.buckets.configure(call.bucket.name, { lifecycle: null });
    call.send(204);
  },
};
