import type { S3Operation } from './types';

/** DeleteBucketCors: authorized as s3:PutBucketCORS, as IAM names it; CORS requests are refused after it. */
export const deleteBucketCors: S3Operation = {
  name: 'DeleteBucketCors',
  permissions: (call) => [{ action: 's3:PutBucketCORS', resource: call.bucket.arn }],
  async handle(call) {
    await call.ctx.buckets.configure(call.bucket.name, { cors: null });
    call.send(204);
  },
};
