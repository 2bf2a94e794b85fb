import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { Flex, Link, Loader, Text } from '@aws-amplify/ui-react';
import { useMemo } from 'react';
import { ErrorNote } from '../components/error-note';
import { awsConfig } from '../lib/aws';
import { useLoad } from '../lib/hooks';
import { href } from '../lib/route';
import { useSession } from '../lib/session-context';
import type { PageInfo, PageProps } from '../pages';
import { BucketBrowser } from '../views/storage/bucket-browser';

export const page = { title: 'Storage', services: ['s3'], order: 40 } satisfies PageInfo;

/** Buckets as folders: browse, upload with progress, download, preview, metadata, delete. Route: `#/storage/<bucket>/<prefix…>`. */
export default function StoragePage({ route }: PageProps) {
  const session = useSession();
  // Path style: the edge is an IP address, and one origin serves every bucket.
  const client = useMemo(() => new S3Client({ ...awsConfig(session), forcePathStyle: true }), [session]);
  const [bucket, ...prefixParts] = route;
  const buckets = useLoad(async () => (await client.send(new ListBucketsCommand({}))).Buckets ?? [], [client]);
  return (
    <div className="console-split" style={{ gridTemplateColumns: 'minmax(12rem, 1fr) minmax(0, 4fr)' }}>
      <nav aria-label="Buckets">
        <ErrorNote error={buckets.error} />
        {buckets.loading && !buckets.value && <Loader />}
        <Flex as="ul" direction="column" gap="xs" padding="0" style={{ listStyle: 'none' }}>
          {buckets.value?.map((candidate) => (
            <li key={candidate.Name}>
              <Link href={href('storage', candidate.Name!)} aria-current={candidate.Name === bucket ? 'page' : undefined} style={{ wordBreak: 'break-all' }}>
                {candidate.Name}
              </Link>
            </li>
          ))}
        </Flex>
      </nav>
      <div>
        {!bucket && <Text>Choose a bucket.</Text>}
        {bucket && <BucketBrowser key={bucket} client={client} bucket={bucket} prefix={prefixParts.length ? `${prefixParts.join('/')}/` : ''} />}
      </div>
    </div>
  );
}
