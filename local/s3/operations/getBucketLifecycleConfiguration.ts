import { noSuchLifecycleConfiguration } from '../errors';
import { lifecycleXml } from '../lifecycle';
import type { S3Operation } from './types';

/** GetBucketLifecycleConfiguration: the bucket's rules, or NoSuchLifecycleConfiguration. */
export const getBucketLifecycleConfiguration: S3Operation = {
  name: 'GetBucketLifecycleConfiguration',
  permissions: (call) => [{ action: 's3:GetLifecycleConfiguration', resource: call.bucket.arn }],
  handle(call) {
    const rules = call.bucket.lifecycle;
    if (!rules?.length) throw noSuchLifecycleConfiguration(call.bucket.name);
    call.sendXml(200, lifecycleXml(rules));
  },
};
