import { noSuchKey } from '../errors';
import { taggingXml } from '../tagging';
import type { S3Operation } from './types';

/** GetObjectTagging: the object's tag set (empty when it has none). */
export const getObjectTagging: S3Operation = {
  name: 'GetObjectTagging',
  permissions: (call) => [{ action: 's3:GetObjectTagging', resource: call.objectArn() }],
  handle(call) {
    const record = call.ctx.store.getObject(call.bucket.name, call.key);
    if (!record) throw noSuchKey(call.key);
    call.sendXml(200, taggingXml(record.tags ?? []));
  },
};
