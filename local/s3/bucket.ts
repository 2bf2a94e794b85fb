/** A bucket as the local S3 serves it: one of the assembly, or one a CreateBucket made. */
import type { CorsRule } from './cors';
import type { BucketDefaultEncryption } from './encryption';
import type { LifecycleRule } from './lifecycle';
import type { PolicyDocument } from '../iam/policy/resource-policy';

/** One tag (objects and buckets): S3's TagSet entries. */
export interface Tag {
  Key: string;
  Value: string;
}

/**
 * The configuration a bucket carries beside its objects: declared by the assembly, or put
 * at run time (Put/DeleteBucket… operations), in which case it is kept in the state directory.
 */
export interface BucketConfiguration {
  /** `CorsConfiguration.CorsRules`; undefined when the bucket has none (CORS then refused). */
  cors?: CorsRule[];
  /** `VersioningConfiguration.Status`; reported by GetBucketVersioning. */
  versioning?: 'Enabled' | 'Suspended';
  /** `BucketEncryption`'s default, or S3's own (SSE-S3); answered by GetBucketEncryption. */
  encryption: BucketDefaultEncryption;
  /** The bucket's policies: every `AWS::S3::BucketPolicy` attached to it, or the one PutBucketPolicy set. */
  policies: PolicyDocument[];
  /** Bucket tags (PutBucketTagging). */
  tags?: Tag[];
  /** Lifecycle rules (PutBucketLifecycleConfiguration), applied by the local clock. */
  lifecycle?: LifecycleRule[];
}

export interface Bucket extends BucketConfiguration {
  name: string;
  arn: string;
  region: string;
  /** Creation time shown by ListBuckets (the local cloud's first start with this bucket, or its CreateBucket). */
  created: number;
  /** Construct path of an assembly bucket; undefined for a bucket made by CreateBucket. */
  cdkPath?: string;
}

/** Prefixes and suffixes S3 reserves (general purpose bucket naming rules). */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/** Bucket names S3 accepts (general purpose buckets, as the S3 user guide's naming rules list them). */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !/\.\./.test(name) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix)) &&
    !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))
  );
}
