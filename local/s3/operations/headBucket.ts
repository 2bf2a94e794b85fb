import type { S3Operation } from './types';

/** HeadBucket: 200 with the bucket's region, or 404 / 403 without a body. */
export const headBucket: S3Operation = {
  name: 'HeadBucket',
  permissions: (call) => [{ action: 's3:ListBucket', resource: call.bucket.arn }],
  handle(call) {
    call.send(200, { 'x-amz-bucket-region': call.bucket.region, 'x-amz-access-point-alias': 'false' });
  },
};
