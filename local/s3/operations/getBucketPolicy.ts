import { S3Error } from '../errors';
import type { S3Operation } from './types';

/** GetBucketPolicy: the bucket policy as evaluated (JSON), or NoSuchBucketPolicy. */
export const getBucketPolicy: S3Operation = {
  name: 'GetBucketPolicy',
  permissions: (call) => [{ action: 's3:GetBucketPolicy', resource: call.bucket.arn }],
  handle(call) {
    const [policy, ...more] = call.bucket.policies;
    if (!policy) throw new S3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: call.bucket.name });
    // CloudFormation keeps one policy per bucket; several resources for one bucket are merged here.
    const statements = [policy, ...more].flatMap((p) => (Array.isArray(p.Statement) ? p.Statement : [p.Statement]));
    call.send(200, { 'content-type': 'application/json' }, JSON.stringify({ Version: policy.Version ?? '2012-10-17', Statement: statements }));
  },
};
