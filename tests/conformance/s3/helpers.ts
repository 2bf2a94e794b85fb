/**
 * The local S3 for the conformance cases: the encryption fixture (tests/fixtures/s3-encryption,
 * buckets with and without a default encryption), local IAM, SDK v3 clients as the root.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Reporter, type LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { s3Service, type S3ServiceOptions } from '../../../local/s3';
import { startTestCloud } from '../../helpers/cloud';

export { bytes, failure, s3Client } from '../../integration/s3/helpers';

export const FIXTURE = path.resolve('tests/fixtures/s3-encryption');

/** Buckets of the fixture: no declared encryption, SSE-KMS with a named key and Bucket Keys, SSE-KMS with `aws/s3`. */
export const BUCKETS = { plain: 'fixture-s3-default', kms: 'fixture-kms-default', awsManaged: 'fixture-aws-s3-key' } as const;

export const KMS_DEFAULT_KEY = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555';

export function startConformanceCloud(options: S3ServiceOptions & { stateDir?: string } = {}): Promise<LocalCloud> {
  const { stateDir, ...s3 } = options;
  return startTestCloud({ cdkOut: FIXTURE, stateDir, services: [iamService(), s3Service({ limits: { minPartSize: 1024 }, ...s3 })], reporter: new Reporter({ level: 'silent' }) });
}

/** A customer key (SSE-C) as the SDK takes it, with the MD5 S3 echoes. */
export function customerKey(seed: string): { key: Buffer; md5: string } {
  const key = createHash('sha256').update(seed).digest();
  return { key, md5: createHash('md5').update(key).digest('base64') };
}
