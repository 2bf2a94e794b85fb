/** A bucket of the assembly, as the local S3 serves it. */
import type { CorsRule } from './cors';
import type { BucketDefaultEncryption } from './encryption';
import type { PolicyDocument } from '../iam/policy/resource-policy';

export interface Bucket {
  name: string;
  arn: string;
  region: string;
  /** Creation time shown by ListBuckets (the local cloud's first start with this bucket). */
  created: number;
  /** `CorsConfiguration.CorsRules`; undefined when the bucket declares none (CORS then refused). */
  cors?: CorsRule[];
  /** `VersioningConfiguration.Status`; reported by GetBucketVersioning. */
  versioning?: 'Enabled' | 'Suspended';
  /** `BucketEncryption`'s default, or S3's own (SSE-S3); answered by GetBucketEncryption. */
  encryption: BucketDefaultEncryption;
  /** Every `AWS::S3::BucketPolicy` attached to it. */
  policies: PolicyDocument[];
  /** Construct path, for messages. */
  cdkPath: string;
}

/** Bucket names S3 accepts (general purpose buckets). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\./.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}
