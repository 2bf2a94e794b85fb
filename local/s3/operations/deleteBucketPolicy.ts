import type { S3Operation } from './types';

/** DeleteBucketPolicy: the bucket keeps no policy, not even the assembly's (a run-time change is kept across restarts: buckets.ts). */
export const deleteBucketPolicy: S3Operation = {
  name: 'DeleteBucketPolicy',
  permissions: (call) => [{ action: 's3:DeleteBucketPolicy', resource: call.bucket.arn }],
  async handle(call) {
    await call.ctx.buckets.configure(call.bucket.name, { policies: null });
    call.send(204);
  },
};
