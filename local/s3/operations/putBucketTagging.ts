import { taggingBody } from '../tagging';
import type { S3Operation } from './types';

/** PutBucketTagging: replaces the bucket's tag set (kept in the state directory). */
export const putBucketTagging: S3Operation = {
  name: 'PutBucketTagging',
  permissions: (call) => [{ action: 's3:PutBucketTagging', resource: call.bucket.arn }],
  async handle(call) {
    const tags = await taggingBody(call, 'bucket');
    await call.ctx.buckets.configure(call.bucket.name, { tags });
    call.send(204);
  },
};
