import type { S3Operation } from './types';

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export const deleteObject: S3Operation = {
  name: 'DeleteObject',
  permissions: (call) => [{ action: 's3:DeleteObject', resource: call.objectArn() }],
  async handle(call) {
    await call.ctx.store.deleteObject(call.bucket.name, call.key);
    call.notify('ObjectRemoved:Delete', call.key);
    call.send(204);
  },
};
