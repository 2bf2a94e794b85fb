import { Card, Flex, Heading, Table, TableBody, TableCell, TableRow, Text } from '@aws-amplify/ui-react';
import { useRef, useState } from 'react';
import { ErrorNote } from '../components/error-note';
import { useInterval } from '../lib/hooks';
import { localApi } from '../lib/session';
import type { PageInfo } from '../pages';
// The wire shape of the local endpoint, from the real-time service (a type only: nothing server-side is bundled).
import type { RealtimeConnectionView as ConnectionView } from '../../../appsync/realtime/connection';
import { ColumnHeads } from '../components/column-heads';

export const page = { title: 'Live', services: ['appsync', 'appsync-realtime'], order: 60 } satisfies PageInfo;

/** `GET /realtime`: totals, and each connection with its subscriptions. */
interface Realtime {
  at: string;
  subscriptions: number;
  delivered: number;
  connections: ConnectionView[];
}


/** Rates kept for the chart: one a second, for a minute. */
const HISTORY = 60;

/**
 * Real-time connections and their subscriptions, and messages delivered per second, read
 * every second from the console's local endpoint (AppSync reports these only as CloudWatch
 * metrics on AWS).
 */
export default function LivePage() {
  const [stats, setStats] = useState<{ connections: number; subscriptions: number; delivered: number }>();
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [rates, setRates] = useState<number[]>([]);
  const [error, setError] = useState<unknown>();
  const previous = useRef<{ at: number; delivered: number }>(undefined);

  useInterval(() => {
    localApi<Realtime>('/realtime').then((body) => {
      const at = Date.parse(body.at);
      if (previous.current && at > previous.current.at) {
        const rate = ((body.delivered - previous.current.delivered) * 1000) / (at - previous.current.at);
        setRates((list) => [...list, rate].slice(-HISTORY));
      }
      previous.current = { at, delivered: body.delivered };
      setStats({ connections: body.connections.length, subscriptions: body.subscriptions, delivered: body.delivered });
      setConnections(body.connections);
      setError(undefined);
    }, setError);
  }, 1000);

  const current = rates.at(-1) ?? 0;
  const peak = Math.max(1, ...rates);
  return (
    <Flex direction="column" gap="large">
      <ErrorNote error={error} />
      <Flex gap="large" wrap="wrap">
        {[
          ['Connections', stats?.connections],
          ['Subscriptions', stats?.subscriptions],
          ['Messages delivered', stats?.delivered],
          ['Messages per second', current.toFixed(1)],
        ].map(([label, value]) => (
          <Card key={label} variation="outlined" minWidth="10rem">
            <Text fontSize="small" color="font.secondary">
              {label}
            </Text>
            <Text fontSize="xxl" data-testid={`live-${String(label).toLowerCase().replace(/ /g, '-')}`}>
              {value ?? '—'}
            </Text>
          </Card>
        ))}
      </Flex>
      <div>
        <Text fontSize="small" color="font.secondary">
          Messages per second, last minute (peak {peak.toFixed(1)})
        </Text>
        <div className="console-bars" role="img" aria-label={`Messages per second over the last minute; now ${current.toFixed(1)}`}>
          {rates.map((rate, index) => (
            <span key={index} style={{ height: `${(100 * rate) / peak}%` }} />
          ))}
        </div>
      </div>
      <div>
        <Heading level={2} fontSize="large" marginBottom="small">
          Subscriptions
        </Heading>
        {connections.length === 0 && <Text>No open real-time connections.</Text>}
        {connections.length > 0 && (
          <Table size="small" variation="striped" aria-label="Subscriptions by connection">
            <ColumnHeads labels={['Connection', 'Subscription', 'Who', 'Filters', 'Sent']} />
            <TableBody>
              {connections.flatMap((connection) =>
                (connection.subscriptions.length ? connection.subscriptions : [undefined]).map((subscription, index) => (
                  <TableRow key={`${connection.id}-${subscription?.id ?? 'none'}`}>
                    <TableCell>{index === 0 ? `${connection.id.slice(0, 8)} since ${new Date(connection.openedAt).toLocaleTimeString()}` : ''}</TableCell>
                    <TableCell>{subscription ? `${subscription.fieldName ?? '?'}${Object.keys(subscription.arguments).length ? ` ${JSON.stringify(subscription.arguments)}` : ''}` : 'none yet'}</TableCell>
                    <TableCell>{subscription ? `${subscription.auth.mode}${subscription.auth.principal ? ` · ${subscription.auth.principal}` : ''}${subscription.auth.groups.length ? ` (${subscription.auth.groups.join(', ')})` : ''}` : ''}</TableCell>
                    <TableCell>{subscription ? subscription.filterGroups : ''}</TableCell>
                    <TableCell>{subscription?.delivered ?? ''}</TableCell>
                  </TableRow>
                )),
              )}
            </TableBody>
          </Table>
        )}
      </div>
    </Flex>
  );
}
