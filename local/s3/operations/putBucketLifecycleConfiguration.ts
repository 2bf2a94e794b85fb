import { readBody } from '../ingest';
import { parseLifecycle } from '../lifecycle';
import { parseRequestXml } from '../xml';
import type { S3Operation } from './types';

const MAX_BODY = 512 * 1024;

/** PutBucketLifecycleConfiguration: replaces the bucket's rules; expiration then follows the local clock (lifecycle.ts). */
export const putBucketLifecycleConfiguration: S3Operation = {
  name: 'PutBucketLifecycleConfiguration',
  permissions: (call) => [{ action: 's3:PutLifecycleConfiguration', resource: call.bucket.arn }],
  async handle(call) {
    const lifecycle = parseLifecycle(parseRequestXml(await readBody(call, { maxSize: MAX_BODY }), 'LifecycleConfiguration'));
    await call.ctx.buckets.configure(call.bucket.name, { lifecycle });
    call.send(200, { 'content-length': 0 });
  },
};
