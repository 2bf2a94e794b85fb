import { noSuchTagSet } from '../errors';
import { taggingXml } from '../tagging';
import type { S3Operation } from './types';

/** GetBucketTagging: the bucket's tags, or NoSuchTagSet when it has none. */
export const getBucketTagging: S3Operation = {
  name: 'GetBucketTagging',
  permissions: (call) => [{ action: 's3:GetBucketTagging', resource: call.bucket.arn }],
  handle(call) {
    const tags = call.bucket.tags;
    if (!tags?.length) throw noSuchTagSet(call.bucket.name);
    call.sendXml(200, taggingXml(tags));
  },
};
