import { Badge, Button, Card, Flex, Heading, Table, TableBody, TableCell, TableRow, Text } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { ErrorNote } from '../components/error-note';
import { useLoad } from '../lib/hooks';
import { localApi } from '../lib/session';
import type { PageInfo } from '../pages';
import { ColumnHeads } from '../components/column-heads';

export const page = { title: 'Overview', services: [], order: 0 } satisfies PageInfo;

interface Overview {
  endpoint: string;
  services: { name: string; resources: number; summary: string }[];
  notRun: { type: string; count: number; reason: string }[];
  recent: { level: 'warn' | 'error'; service: string; message: string; time: string }[];
  state?: { dir: string; bytes: number; files: number };
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** What runs, what does not and why, recent warnings and errors, the state and its reset. */
export default function OverviewPage() {
  const overview = useLoad(() => localApi<Overview>('/overview'), []);
  const [resetting, setResetting] = useState(false);
  const [resetError, setResetError] = useState<unknown>();
  const value = overview.value;

  async function reset() {
    if (!window.confirm('Reset empties every table, user, object, identity and secret of this local cloud and starts its services again. Continue?')) return;
    setResetting(true);
    setResetError(undefined);
    try {
      await localApi('/reset', { confirm: true });
      overview.reload();
    } catch (error) {
      setResetError(error);
    } finally {
      setResetting(false);
    }
  }

  return (
    <Flex direction="column" gap="large">
      <ErrorNote error={overview.error} />
      <Card variation="outlined">
        <Heading level={2} fontSize="large" marginBottom="small">
          What runs
        </Heading>
        <Table size="small" variation="striped" aria-label="Services">
          <ColumnHeads labels={['Service', 'Resources', 'Status']} />
          <TableBody>
            {value?.services.map((service) => (
              <TableRow key={service.name}>
                <TableCell>{service.name}</TableCell>
                <TableCell>{service.resources}</TableCell>
                <TableCell style={{ wordBreak: 'break-word' }}>{service.summary}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>

      <Card variation="outlined">
        <Heading level={2} fontSize="large" marginBottom="small">
          In the assembly, not run locally
        </Heading>
        {value && value.notRun.length === 0 && <Text>Everything the assembly holds runs.</Text>}
        {value && value.notRun.length > 0 && (
          <Table size="small" aria-label="Resource types not run">
            <ColumnHeads labels={['Resource type', 'Count', 'Why']} />
            <TableBody>
              {value.notRun.map((entry) => (
                <TableRow key={entry.type}>
                  <TableCell>{entry.type}</TableCell>
                  <TableCell>{entry.count}</TableCell>
                  <TableCell>{entry.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <Card variation="outlined">
        <Flex justifyContent="space-between" alignItems="baseline">
          <Heading level={2} fontSize="large" marginBottom="small">
            Recent warnings and errors
          </Heading>
          <Button size="small" onClick={overview.reload} isLoading={overview.loading}>
            Refresh
          </Button>
        </Flex>
        {value && value.recent.length === 0 && <Text>None since the local cloud started.</Text>}
        <Flex as="ol" direction="column" gap="xs" padding="0" style={{ listStyle: 'none' }}>
          {value?.recent
            .slice()
            .reverse()
            .map((record, index) => (
              <li key={`${record.time}-${index}`}>
                <Badge variation={record.level === 'error' ? 'error' : 'warning'} size="small">
                  {record.level}
                </Badge>{' '}
                <Text as="span" fontSize="small" color="font.secondary">
                  {new Date(record.time).toLocaleTimeString()} [{record.service}]
                </Text>{' '}
                <Text as="span" fontSize="small">
                  {record.message}
                </Text>
              </li>
            ))}
        </Flex>
      </Card>

      <Card variation="outlined">
        <Heading level={2} fontSize="large" marginBottom="small">
          State
        </Heading>
        {value && (
          <Text marginBottom="small">
            {value.state ? `${value.state.dir} — ${size(value.state.bytes)} in ${value.state.files} files` : 'In memory: nothing is kept when the local cloud stops.'}
          </Text>
        )}
        <Button variation="destructive" onClick={() => void reset()} isLoading={resetting} loadingText="Resetting…">
          Reset the local cloud
        </Button>
        <Text fontSize="small" color="font.secondary" marginTop="xs">
          Empties tables, users, identities, objects and secrets and starts the services again. Ids, endpoints and amplify_outputs.json stay the same.
        </Text>
        <ErrorNote error={resetError} heading="Reset failed" />
      </Card>
    </Flex>
  );
}
