import { noSuchKey } from '../errors';
import { taggingBody } from '../tagging';
import type { S3Operation } from './types';

/** PutObjectTagging: replaces the object's whole tag set. */
export const putObjectTagging: S3Operation = {
  name: 'PutObjectTagging',
  permissions: (call) => [{ action: 's3:PutObjectTagging', resource: call.objectArn() }],
  async handle(call) {
    const bucket = call.bucket.name;
    if (!call.ctx.store.getObject(bucket, call.key)) throw noSuchKey(call.key);
    const tags = await taggingBody(call, 'object');
    const updated = await call.ctx.store.updateObject(bucket, call.key, (record) => ({ ...record, tags }));
    if (!updated) throw noSuchKey(call.key);
    call.send(200, { 'content-length': 0 });
  },
};
