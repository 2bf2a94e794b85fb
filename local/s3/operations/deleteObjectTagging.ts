import { noSuchKey } from '../errors';
import type { S3Operation } from './types';

/** DeleteObjectTagging: removes every tag of the object (204). */
export const deleteObjectTagging: S3Operation = {
  name: 'DeleteObjectTagging',
  permissions: (call) => [{ action: 's3:DeleteObjectTagging', resource: call.objectArn() }],
  async handle(call) {
    const updated = await call.ctx.store.updateObject(call.bucket.name, call.key, ({ tags: _removed, ...record }) => record);
    if (!updated) throw noSuchKey(call.key);
    call.send(204);
  },
};
