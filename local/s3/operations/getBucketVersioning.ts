import { optionalElement, xmlDocument } from '../xml';
import type { S3Operation } from './types';

/** GetBucketVersioning: the bucket's VersioningConfiguration status as declared (objects are not versioned locally). */
export const getBucketVersioning: S3Operation = {
  name: 'GetBucketVersioning',
  permissions: (call) => [{ action: 's3:GetBucketVersioning', resource: call.bucket.arn }],
  handle(call) {
    call.sendXml(200, xmlDocument('VersioningConfiguration', optionalElement('Status', call.bucket.versioning)));
  },
};
