/**
 * Every S3 operation the local S3 answers, and how a REST request names one:
 * by method, by whether it addresses the service, a bucket or an object, and by
 * its subresource query parameters. Anything else is answered NotImplemented,
 * naming the operation, never silently.
 */
import type { S3Call } from '../call';
import { methodNotAllowed, notImplemented } from '../errors';
import { abortMultipartUpload } from './abortMultipartUpload';
import { completeMultipartUpload } from './completeMultipartUpload';
import { copyObject } from './copyObject';
import { createBucket } from './createBucket';
import { createMultipartUpload } from './createMultipartUpload';
import { deleteBucket } from './deleteBucket';
import { deleteObject } from './deleteObject';
import { deleteObjects } from './deleteObjects';
import { getBucketCors } from './getBucketCors';
import { getBucketEncryption } from './getBucketEncryption';
import { getBucketLocation } from './getBucketLocation';
import { getBucketPolicy } from './getBucketPolicy';
import { getBucketVersioning } from './getBucketVersioning';
import { getObject } from './getObject';
import { headBucket } from './headBucket';
import { headObject } from './headObject';
import { listBuckets } from './listBuckets';
import { listMultipartUploads } from './listMultipartUploads';
import { listObjects } from './listObjects';
import { listObjectsV2 } from './listObjectsV2';
import { listParts } from './listParts';
import { putObject } from './putObject';
import { deleteBucketTagging } from './deleteBucketTagging';
import { deleteObjectTagging } from './deleteObjectTagging';
import { getBucketTagging } from './getBucketTagging';
import { getObjectTagging } from './getObjectTagging';
import { putBucketTagging } from './putBucketTagging';
import { putObjectTagging } from './putObjectTagging';
import { deleteBucketCors } from './deleteBucketCors';
import { deleteBucketLifecycle } from './deleteBucketLifecycle';
import { deleteBucketPolicy } from './deleteBucketPolicy';
import { getBucketLifecycleConfiguration } from './getBucketLifecycleConfiguration';
import { putBucketCors } from './putBucketCors';
import { putBucketLifecycleConfiguration } from './putBucketLifecycleConfiguration';
import { putBucketPolicy } from './putBucketPolicy';
import type { S3Operation } from './types';
import { uploadPart } from './uploadPart';
import { uploadPartCopy } from './uploadPartCopy';

export const OPERATIONS: readonly S3Operation[] = [
  deleteBucketCors,
  deleteBucketLifecycle,
  deleteBucketPolicy,
  getBucketLifecycleConfiguration,
  putBucketCors,
  putBucketLifecycleConfiguration,
  putBucketPolicy,
  deleteBucketTagging,
  deleteObjectTagging,
  getBucketTagging,
  getObjectTagging,
  putBucketTagging,
  putObjectTagging,
  abortMultipartUpload,
  completeMultipartUpload,
  copyObject,
  createBucket,
  createMultipartUpload,
  deleteBucket,
  deleteObject,
  deleteObjects,
  getBucketCors,
  getBucketEncryption,
  getBucketLocation,
  getBucketPolicy,
  getBucketVersioning,
  getObject,
  headBucket,
  headObject,
  listBuckets,
  listMultipartUploads,
  listObjects,
  listObjectsV2,
  listParts,
  putObject,
  uploadPart,
  uploadPartCopy,
];

/** Subresources S3 has but the local S3 does not serve, by the operation family they name. */
const UNSERVED_SUBRESOURCES: Record<string, string> = {
  acl: 'ACL operations (GetObjectAcl, PutBucketAcl…)',
  attributes: 'GetObjectAttributes',
  retention: 'Object Lock retention',
  'legal-hold': 'Object Lock legal hold',
  'object-lock': 'Object Lock configuration',
  restore: 'RestoreObject',
  select: 'SelectObjectContent',
  torrent: 'GetObjectTorrent',
  versions: 'ListObjectVersions',
  website: 'Bucket website configuration',
  replication: 'Bucket replication',
  notification: 'Bucket notifications',
  logging: 'Bucket logging',
  requestPayment: 'Requester pays configuration',
  accelerate: 'Transfer acceleration',
  analytics: 'Bucket analytics',
  inventory: 'Bucket inventory',
  metrics: 'Bucket metrics',
  'intelligent-tiering': 'Intelligent-Tiering configuration',
  ownershipControls: 'Bucket ownership controls',
  publicAccessBlock: 'Public access block',
  policyStatus: 'GetBucketPolicyStatus',
  renameObject: 'RenameObject',
};

function resolveService(call: S3Call): S3Operation {
  if (call.method === 'GET') return listBuckets;
  throw methodNotAllowed(call.method, 'SERVICE');
}

function resolveBucket(call: S3Call): S3Operation {
  const q = call.query;
  switch (call.method) {
    case 'GET':
      if (q.get('list-type') === '2') return listObjectsV2;
      if (q.has('location')) return getBucketLocation;
      if (q.has('uploads')) return listMultipartUploads;
      if (q.has('cors')) return getBucketCors;
      if (q.has('versioning')) return getBucketVersioning;
      if (q.has('policy')) return getBucketPolicy;
      if (q.has('encryption')) return getBucketEncryption;
      if (q.has('tagging')) return getBucketTagging;
      if (q.has('lifecycle')) return getBucketLifecycleConfiguration;
      return listObjects;
    case 'HEAD':
      return headBucket;
    case 'POST':
      if (q.has('delete')) return deleteObjects;
      throw notImplemented('Browser-based POST uploads (PostObject)');
    case 'PUT':
      if (q.has('tagging')) return putBucketTagging;
      if (q.has('cors')) return putBucketCors;
      if (q.has('policy')) return putBucketPolicy;
      if (q.has('lifecycle')) return putBucketLifecycleConfiguration;
      if (q.has('encryption')) throw notImplemented('PutBucketEncryption (the default encryption comes from the cloud assembly)');
      if (q.has('versioning')) throw notImplemented('PutBucketVersioning (versioning comes from the cloud assembly)');
      return createBucket;
    case 'DELETE':
      if (q.has('tagging')) return deleteBucketTagging;
      if (q.has('cors')) return deleteBucketCors;
      if (q.has('policy')) return deleteBucketPolicy;
      if (q.has('lifecycle')) return deleteBucketLifecycle;
      return deleteBucket;
    default:
      throw methodNotAllowed(call.method, 'BUCKET');
  }
}

function resolveObject(call: S3Call): S3Operation {
  const q = call.query;
  switch (call.method) {
    case 'GET':
      if (q.has('tagging')) return getObjectTagging;
      return q.has('uploadId') ? listParts : getObject;
    case 'HEAD':
      return headObject;
    case 'PUT':
      if (q.has('tagging')) return putObjectTagging;
      if (q.has('partNumber') || q.has('uploadId')) {
        return call.header('x-amz-copy-source') !== undefined ? uploadPartCopy : uploadPart;
      }
      return call.header('x-amz-copy-source') !== undefined ? copyObject : putObject;
    case 'POST':
      if (q.has('uploads')) return createMultipartUpload;
      if (q.has('uploadId')) return completeMultipartUpload;
      throw methodNotAllowed(call.method, 'OBJECT');
    case 'DELETE':
      if (q.has('tagging')) return deleteObjectTagging;
      return q.has('uploadId') ? abortMultipartUpload : deleteObject;
    default:
      throw methodNotAllowed(call.method, 'OBJECT');
  }
}

/** The operation a request names; NotImplemented or MethodNotAllowed for the rest. */
export function resolveOperation(call: S3Call): S3Operation {
  for (const parameter of call.query.keys()) {
    const family = UNSERVED_SUBRESOURCES[parameter];
    if (family) throw notImplemented(family);
  }
  if (call.address.bucket === undefined) return resolveService(call);
  return call.key === '' ? resolveBucket(call) : resolveObject(call);
}

export type { S3Operation } from './types';
