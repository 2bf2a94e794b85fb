import { DescribeTableCommand, DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { Flex, Link, Loader, Text } from '@aws-amplify/ui-react';
import { useMemo } from 'react';
import { ErrorNote } from '../components/error-note';
import { awsConfig } from '../lib/aws';
import { useLoad } from '../lib/hooks';
import { href } from '../lib/route';
import { useSession } from '../lib/session-context';
import type { PageInfo, PageProps } from '../pages';
import { TableItems } from '../views/dynamodb/table-items';
import { StreamRecords } from '../views/dynamodb/stream-records';

export const page = { title: 'DynamoDB', services: ['dynamodb'], order: 20 } satisfies PageInfo;

/** Every table; one table's items (scan or query, page by page), item editor and stream records. */
export default function DynamoDBPage({ route }: PageProps) {
  const session = useSession();
  const client = useMemo(() => new DynamoDBClient(awsConfig(session)), [session]);
  const [tableName] = route;
  const tables = useLoad(async () => {
    const names: string[] = [];
    for await (const page of paginateListTables({ client }, {})) names.push(...(page.TableNames ?? []));
    return names;
  }, [client]);
  const description = useLoad(async () => (tableName ? (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table : undefined), [client, tableName]);

  return (
    <div className="console-split" style={{ gridTemplateColumns: 'minmax(12rem, 1fr) minmax(0, 4fr)' }}>
      <nav aria-label="Tables">
        <ErrorNote error={tables.error} />
        {tables.loading && !tables.value && <Loader />}
        <Flex as="ul" direction="column" gap="xs" padding="0" style={{ listStyle: 'none' }}>
          {tables.value?.map((name) => (
            <li key={name}>
              <Link href={href('dynamodb', name)} aria-current={name === tableName ? 'page' : undefined} style={{ wordBreak: 'break-all' }}>
                {name}
              </Link>
            </li>
          ))}
        </Flex>
        {tables.value?.length === 0 && <Text>No tables.</Text>}
      </nav>
      <div>
        {!tableName && <Text>Choose a table.</Text>}
        <ErrorNote error={description.error} />
        {description.value && description.value.TableName === tableName && (
          <Flex direction="column" gap="large">
            <TableItems key={tableName} client={client} table={description.value} />
            {description.value.LatestStreamArn && <StreamRecords key={`${tableName}-stream`} streamArn={description.value.LatestStreamArn} />}
          </Flex>
        )}
      </div>
    </div>
  );
}
