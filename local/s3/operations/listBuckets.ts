import { LOCAL_OWNER_ID } from '../objects';
import { xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import type { S3Operation } from './types';

/** ListBuckets: every bucket of the assembly. */
export const listBuckets: S3Operation = {
  name: 'ListBuckets',
  permissions: () => [{ action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*' }],
  handle(call) {
    const buckets = [...call.ctx.buckets.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((b) => `<Bucket>${xmlElement('Name', b.name)}${xmlElement('CreationDate', xmlTimestamp(b.created))}${xmlElement('BucketRegion', b.region)}</Bucket>`)
      .join('');
    call.sendXml(200, xmlDocument('ListAllMyBucketsResult', `<Owner>${xmlElement('ID', LOCAL_OWNER_ID)}</Owner><Buckets>${buckets}</Buckets>`));
  },
};
