import { UnsupportedPolicyError, validatePolicy, type PolicyDocument, type PolicyStatement } from '../../iam/policy/resource-policy';
import type { S3Call } from '../call';
import { malformedPolicy } from '../errors';
import { readBody } from '../ingest';
import type { S3Operation } from './types';

/** S3's limit on a bucket policy document. */
const MAX_POLICY = 20 * 1024;

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The policy of the request body, checked as S3 checks a bucket policy (JSON, statements, principals, resources of this bucket). */
async function bucketPolicy(call: S3Call): Promise<PolicyDocument> {
  const body = await readBody(call, { maxSize: MAX_POLICY * 4 });
  if (body.length > MAX_POLICY) throw malformedPolicy('Policy exceeds the maximum allowed document size.');
  let policy: PolicyDocument;
  try {
    policy = JSON.parse(body.toString('utf8')) as PolicyDocument;
  } catch {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  const statements = list(policy.Statement) as PolicyStatement[];
  if (statements.length === 0) throw malformedPolicy('Missing required field Statement');
  const own = new RegExp(`^arn:aws:s3:::${call.bucket.name.replace(/[.]/g, '\\.')}(/.*)?$`);
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null) throw malformedPolicy('Statement is not well-formed');
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal');
    if (statement.Action === undefined && statement.NotAction === undefined) throw malformedPolicy('Missing required field Action');
    const resources = list(statement.Resource ?? statement.NotResource);
    if (resources.length === 0) throw malformedPolicy('Missing required field Resource');
    if (resources.some((resource) => typeof resource !== 'string' || !own.test(resource))) throw malformedPolicy('Policy has invalid resource');
  }
  try {
    validatePolicy(`Bucket policy of ${call.bucket.name}`, policy);
  } catch (error) {
    if (error instanceof UnsupportedPolicyError) throw malformedPolicy(error.message);
    throw error;
  }
  return policy;
}

/** PutBucketPolicy: replaces the bucket's policy; it is evaluated with every request from then on. */
export const putBucketPolicy: S3Operation = {
  name: 'PutBucketPolicy',
  permissions: (call) => [{ action: 's3:PutBucketPolicy', resource: call.bucket.arn }],
  async handle(call) {
    const policy = await bucketPolicy(call);
    await call.ctx.buckets.configure(call.bucket.name, { policies: [policy] });
    call.send(204);
  },
};
