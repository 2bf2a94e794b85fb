import { escapeXml, S3_XMLNS } from '../xml';
import type { S3Operation } from './types';

/** GetBucketLocation: empty for us-east-1, as S3 answers. */
export const getBucketLocation: S3Operation = {
  name: 'GetBucketLocation',
  permissions: (call) => [{ action: 's3:GetBucketLocation', resource: call.bucket.arn }],
  handle(call) {
    const region = call.bucket.region === 'us-east-1' ? '' : escapeXml(call.bucket.region);
    call.sendXml(200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_XMLNS}">${region}</LocationConstraint>`);
  },
};
