import { scopeRegion } from '../auth';
import { isValidBucketName } from '../bucket';
import { bucketAlreadyOwnedByYou, illegalLocationConstraint, invalidBucketName, invalidLocationConstraint, notImplemented } from '../errors';
import { readBody } from '../ingest';
import { parseRequestXml } from '../xml';
import type { S3Call } from '../call';
import type { S3Operation } from './types';

const MAX_BODY = 64 * 1024;
/** Region codes (`eu-west-1`, `us-gov-west-1`…) and S3's legacy `EU`. */
const REGION = /^([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+|EU)$/;

/** The requested location constraint, or undefined when the request carries none. */
async function locationConstraint(call: S3Call): Promise<string | undefined> {
  const body = await readBody(call, { maxSize: MAX_BODY });
  if (body.length === 0) return undefined;
  const configuration = parseRequestXml(body, 'CreateBucketConfiguration');
  const constraint = configuration.LocationConstraint;
  return typeof constraint === 'string' && constraint.trim() !== '' ? constraint.trim() : undefined;
}

/**
 * The bucket's region as S3 decides it: the us-east-1 endpoint takes any other region's
 * constraint (none means us-east-1, and naming us-east-1 is refused); a regional endpoint
 * requires its own region as the constraint.
 */
function bucketRegion(endpointRegion: string, constraint: string | undefined): string {
  if (constraint !== undefined && !REGION.test(constraint)) throw invalidLocationConstraint(constraint);
  if (endpointRegion === 'us-east-1') {
    if (constraint === 'us-east-1') throw invalidLocationConstraint(constraint);
    return constraint === undefined ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;
  }
  if (constraint !== endpointRegion) throw illegalLocationConstraint(constraint);
  return constraint;
}

/**
 * CreateBucket: a bucket of the local account, kept in the state directory. Re-creating one's
 * own bucket is BucketAlreadyOwnedByYou, except in us-east-1 where S3 answers 200 (legacy).
 * Every bucket is the local account's, so BucketAlreadyExists (another account's) cannot happen.
 */
export const createBucket: S3Operation = {
  name: 'CreateBucket',
  permissions: (call) => [{ action: 's3:CreateBucket', resource: `arn:aws:s3:::${call.address.bucket}` }],
  async handle(call) {
    const name = call.address.bucket ?? '';
    if (!isValidBucketName(name)) throw invalidBucketName(name);
    if (call.header('x-amz-bucket-object-lock-enabled')?.toLowerCase() === 'true') throw notImplemented('Object Lock (x-amz-bucket-object-lock-enabled)');
    const region = bucketRegion(scopeRegion(call) ?? call.ctx.region, await locationConstraint(call));
    const existing = call.ctx.buckets.get(name);
    if (existing) {
      if (existing.region !== 'us-east-1' || region !== 'us-east-1') throw bucketAlreadyOwnedByYou(name);
    } else {
      await call.ctx.buckets.create(name, region);
    }
    call.send(200, { location: `/${name}`, 'x-amz-bucket-arn': `arn:aws:s3:::${name}`, 'content-length': 0 });
  },
};
