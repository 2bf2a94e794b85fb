import { optionalElement, xmlDocument, xmlElement } from '../xml';
import type { S3Operation } from './types';

/**
 * GetBucketEncryption: the bucket's default encryption from the assembly (`BucketEncryption`),
 * or S3's own default, SSE-S3, which applies to every bucket that declares none.
 */
export const getBucketEncryption: S3Operation = {
  name: 'GetBucketEncryption',
  permissions: (call) => [{ action: 's3:GetEncryptionConfiguration', resource: call.bucket.arn }],
  handle(call) {
    const { algorithm, kmsKeyId, bucketKeyEnabled } = call.bucket.encryption;
    const byDefault = `<ApplyServerSideEncryptionByDefault>${xmlElement('SSEAlgorithm', algorithm)}${optionalElement('KMSMasterKeyID', kmsKeyId)}</ApplyServerSideEncryptionByDefault>`;
    call.sendXml(200, xmlDocument('ServerSideEncryptionConfiguration', `<Rule>${byDefault}${xmlElement('BucketKeyEnabled', bucketKeyEnabled ?? false)}</Rule>`));
  },
};
