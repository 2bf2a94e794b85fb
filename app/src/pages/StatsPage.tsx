import { Card, Flex, Grid, Heading, SelectField, Text } from '@aws-amplify/ui-react';
import { useEffect, useState } from 'react';
import { client, type Schema } from '../lib/client';
import { useConnection } from '../lib/connection';
import { friendlyError, unwrap, type FriendlyError } from '../lib/errors';
import { useServices } from '../lib/services';
import { formatDuration } from '../lib/time';
import { statusLabel } from '../theme/tones';
import { ErrorAlert, Loading } from '../components/states';

type Stats = NonNullable<Schema['incidentStats']['returnType']>;

const seconds = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatDuration(value * 1000));

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Card variation="outlined">
      <Text fontSize="small" color="font.secondary">
        {label}
      </Text>
      <Text fontSize="large" fontWeight="bold">
        {children}
      </Text>
    </Card>
  );
}

/** Counts by status and severity; mean and median time to acknowledge and resolve. */
export default function StatsPage() {
  const { services, error: servicesError } = useServices();
  const [serviceId, setServiceId] = useState('');
  const [days, setDays] = useState('30');
  const [stats, setStats] = useState<Stats | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<FriendlyError | null>(null);
  const { epoch, reportFailure, reportUpdate } = useConnection();

  useEffect(() => {
    let live = true;
    setLoading(true);
    const since = days === 'all' ? undefined : new Date(Date.now() - Number(days) * 86_400_000).toISOString();
    client.queries
      .incidentStats({ serviceId: serviceId || undefined, since })
      .then((r) => {
        if (!live) return;
        setStats(unwrap(r) as Stats);
        reportUpdate();
      })
      .catch((e) => {
        if (!live) return;
        setError(friendlyError(e));
        reportFailure();
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [serviceId, days, epoch, reportFailure, reportUpdate]);

  return (
    <Flex as="section" direction="column" gap="medium" aria-labelledby="stats-title">
      <Heading level={2} id="stats-title">
        Stats
      </Heading>
      <Flex gap="small" wrap="wrap">
        <SelectField label="Service" value={serviceId} onChange={(e) => setServiceId(e.target.value)} flex="1 1 12rem">
          <option value="">All services</option>
          {(services ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Period" value={days} onChange={(e) => setDays(e.target.value)} flex="1 1 12rem">
          <option value="1">Last 24 hours</option>
          <option value="7">Last 7 days</option>
          <option value="30">Last 30 days</option>
          <option value="all">All time</option>
        </SelectField>
      </Flex>
      <ErrorAlert error={error ?? servicesError} onDismiss={() => setError(null)} />
      {loading ? (
        <Loading what="stats" />
      ) : (
        stats && (
          <Grid templateColumns={{ base: '1fr 1fr', medium: 'repeat(4, 1fr)' }} gap="small" data-testid="stats">
            <Figure label="Incidents">{stats.total}</Figure>
            {Object.entries(stats.byStatus ?? {}).map(([k, v]) => (
              <Figure key={k} label={statusLabel(k)}>
                {v}
              </Figure>
            ))}
            {Object.entries(stats.bySeverity ?? {}).map(([k, v]) => (
              <Figure key={k} label={k}>
                {v}
              </Figure>
            ))}
            <Figure label="Time to acknowledge (median)">{seconds(stats.timeToAcknowledge?.medianSeconds)}</Figure>
            <Figure label="Time to acknowledge (mean)">{seconds(stats.timeToAcknowledge?.meanSeconds)}</Figure>
            <Figure label="Time to resolve (median)">{seconds(stats.timeToResolve?.medianSeconds)}</Figure>
            <Figure label="Time to resolve (mean)">{seconds(stats.timeToResolve?.meanSeconds)}</Figure>
          </Grid>
        )
      )}
    </Flex>
  );
}
