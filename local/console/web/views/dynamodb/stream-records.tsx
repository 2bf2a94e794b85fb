import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { Badge, Button, Flex, Heading, Text } from '@aws-amplify/ui-react';
import { useMemo, useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { awsConfig } from '../../lib/aws';
import { useSession } from '../../lib/session-context';

/** Records shown, and GetRecords calls made per shard at most when reading from the trim horizon. */
const SHOWN = 50;
const MAX_CALLS_PER_SHARD = 20;

/** The latest records of a table's stream, read through the DynamoDB Streams API. */
export function StreamRecords({ streamArn }: { streamArn: string }) {
  const session = useSession();
  const client = useMemo(() => new DynamoDBStreamsClient(awsConfig(session)), [session]);
  const [records, setRecords] = useState<_Record[]>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  async function load() {
    setLoading(true);
    setError(undefined);
    try {
      const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      const found: _Record[] = [];
      for (const shard of StreamDescription?.Shards ?? []) {
        let { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
        for (let call = 0; ShardIterator && call < MAX_CALLS_PER_SHARD; call++) {
          const page = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
          found.push(...(page.Records ?? []));
          if (found.length > SHOWN) found.splice(0, found.length - SHOWN);
          if ((page.Records ?? []).length === 0) break;
          ShardIterator = page.NextShardIterator;
        }
      }
      setRecords(found.reverse());
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }

  return (
    <Flex direction="column" gap="small">
      <Flex justifyContent="space-between" alignItems="baseline">
        <Heading level={2} fontSize="large">
          Stream records
        </Heading>
        <Button size="small" onClick={() => void load()} isLoading={loading}>
          {records ? 'Refresh' : 'Read the stream'}
        </Button>
      </Flex>
      <ErrorNote error={error} />
      {records?.length === 0 && <Text>No records in the last 24 hours.</Text>}
      <Flex as="ol" direction="column" gap="xs" padding="0" style={{ listStyle: 'none' }}>
        {records?.map((record) => (
          <li key={record.dynamodb?.SequenceNumber}>
            <Badge size="small" variation={record.eventName === 'REMOVE' ? 'error' : record.eventName === 'INSERT' ? 'success' : 'info'}>
              {record.eventName}
            </Badge>{' '}
            <Text as="span" fontSize="small" color="font.secondary">
              {record.dynamodb?.ApproximateCreationDateTime?.toLocaleString()} · #{record.dynamodb?.SequenceNumber}
            </Text>{' '}
            <Text as="span" fontSize="small">
              {JSON.stringify(record.dynamodb?.Keys)}
            </Text>
          </li>
        ))}
      </Flex>
    </Flex>
  );
}
