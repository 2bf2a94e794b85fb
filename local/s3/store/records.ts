/** What the local S3 keeps about objects and multipart uploads, beside their bytes. */
import type { BucketConfiguration, Tag } from '../bucket';
import type { ChecksumAlgorithm, ChecksumType } from '../checksums';
import type { ObjectEncryption } from '../encryption';

/** The standard headers S3 stores with an object and returns on GET/HEAD. */
export interface StoredHeaders {
  'content-type'?: string;
  'content-encoding'?: string;
  'content-disposition'?: string;
  'content-language'?: string;
  'cache-control'?: string;
  expires?: string;
}

export const STORED_HEADER_NAMES = [
  'content-type',
  'content-encoding',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
] as const satisfies readonly (keyof StoredHeaders)[];

export interface ObjectChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, with `-N` for composite multipart checksums. */
  value: string;
  type: ChecksumType;
}

export interface ObjectPart {
  size: number;
  /** The part's own checksum (base64), when the upload had an algorithm. */
  checksum?: string;
}

export interface ObjectRecord {
  key: string;
  size: number;
  /** Quoted, as S3 sends it: `"<md5 hex>"` or `"<md5 of md5s>-<parts>"`. */
  etag: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
  headers: StoredHeaders;
  /** User metadata (`x-amz-meta-*`), names lower-case and without the prefix. */
  metadata: Record<string, string>;
  checksum?: ObjectChecksum;
  /** For objects made by a multipart upload: the parts, in order. */
  parts?: ObjectPart[];
  /** The bytes, in order: one blob, or one per part. */
  blobs: string[];
  /** Server-side encryption; undefined for records written before it was kept (the bucket's default applies). */
  encryption?: ObjectEncryption;
  /** SSE-C: the IV each blob was encrypted with, in the order of `blobs`. */
  ivs?: string[];
  /** Object tags (x-amz-tagging, PutObjectTagging), in the order they were given. */
  tags?: Tag[];
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  headers: StoredHeaders;
  metadata: Record<string, string>;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  /** The object's encryption, fixed when the upload is created. */
  encryption?: ObjectEncryption;
  /** x-amz-tagging of CreateMultipartUpload: the completed object's tags. */
  tags?: Tag[];
}

export interface PartRecord {
  partNumber: number;
  /** Quoted MD5 of the part. */
  etag: string;
  size: number;
  lastModified: number;
  /** Base64 checksum with the upload's algorithm. */
  checksum?: string;
  blob: string;
  /** SSE-C: the IV this part's blob was encrypted with. */
  iv?: string;
}

/** What the state directory keeps about a bucket (`s3/bucket-info`). */
export interface BucketInfo {
  /** Milliseconds since the epoch: the first start that had it, or its CreateBucket. */
  created: number;
  /** Set for a bucket made by CreateBucket (the assembly's come back from the assembly): its region. */
  createdIn?: string;
  /** Configuration put at run time; null where it was deleted at run time (a declared one then no longer applies). */
  configuration?: ConfigurationChange;
}

export type ConfigurationChange = { [K in keyof BucketConfiguration]?: BucketConfiguration[K] | null };
