import { invalidArgument } from '../errors';
import { integerParameter, LOCAL_OWNER_ID } from '../objects';
import { optionalElement, xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import type { S3Operation } from './types';

/** S3's page size when a filter or token is given without max-buckets, and its largest. */
const MAX_BUCKETS = 10000;

/** The continuation token: opaque to clients (S3 obfuscates it), the last name listed for us. */
const encodeToken = (name: string) => Buffer.from(`b:${name}`, 'utf8').toString('base64url');
function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('b:') || encodeToken(text.slice(2)) !== token) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return text.slice(2);
}

/**
 * ListBuckets: the account's buckets in name order, filtered by `prefix` and `bucket-region`,
 * paginated by `max-buckets` and `continuation-token`. Without any of those, every bucket.
 */
export const listBuckets: S3Operation = {
  name: 'ListBuckets',
  permissions: () => [{ action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*' }],
  handle(call) {
    const q = call.query;
    const maxBuckets = integerParameter(call, 'max-buckets', `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS}`, 1, MAX_BUCKETS);
    const token = q.get('continuation-token');
    const after = token ? decodeToken(token) : undefined;
    const prefix = q.get('prefix') ?? undefined;
    const region = q.get('bucket-region') || undefined;
    const paged = maxBuckets !== undefined || token !== null || prefix !== undefined || region !== undefined;

    const matching = [...call.ctx.buckets.values()]
      .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (region === undefined || b.region === region) && (after === undefined || b.name > after))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = paged ? matching.slice(0, maxBuckets ?? MAX_BUCKETS) : matching;
    const next = page.length < matching.length ? encodeToken(page[page.length - 1].name) : undefined;

    const buckets = page
      .map((b) => `<Bucket>${xmlElement('Name', b.name)}${xmlElement('CreationDate', xmlTimestamp(b.created))}${xmlElement('BucketRegion', b.region)}${xmlElement('BucketArn', b.arn)}</Bucket>`)
      .join('');
    call.sendXml(
      200,
      xmlDocument('ListAllMyBucketsResult', `<Owner>${xmlElement('ID', LOCAL_OWNER_ID)}</Owner><Buckets>${buckets}</Buckets>${optionalElement('ContinuationToken', next)}${optionalElement('Prefix', prefix)}`),
    );
  },
};
