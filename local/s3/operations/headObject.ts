import { answerObject } from './getObject';
import type { S3Operation } from './types';

/** HeadObject: GetObject's headers without the body (s3:GetObject, as AWS authorizes it). */
export const headObject: S3Operation = {
  name: 'HeadObject',
  permissions: (call) => [{ action: 's3:GetObject', resource: call.objectArn() }],
  handle: (call) => answerObject(call, false),
};
