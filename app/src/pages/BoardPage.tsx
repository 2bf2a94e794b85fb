import { Button, Card, CheckboxField, Flex, Grid, Heading, Link, SearchField, SelectField, Table, TableBody, TableCell, TableHead, TableRow, Text, useBreakpointValue, View } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { INCIDENT_STATUSES, SEVERITIES, type Incident } from '../lib/client';
import { applyView, readView, SORTS, writeView, type BoardView, type Sort } from '../lib/board-query';
import { useLiveIncidents } from '../lib/live-incidents';
import { personName } from '../lib/people';
import { href } from '../lib/route';
import { useServices } from '../lib/services';
import { formatDuration, useNow } from '../lib/time';
import { SeverityBadge, StatusBadge } from '../components/badges';
import { RelativeTime } from '../components/RelativeTime';
import { Empty, ErrorAlert, Loading } from '../components/states';
import { statusLabel } from '../theme/tones';
import { ReportIncidentDialog } from './ReportIncidentDialog';

function durationOf(incident: Incident, now: number): string {
  return formatDuration((incident.resolvedAt ? Date.parse(incident.resolvedAt) : now) - Date.parse(incident.triggeredAt));
}

function Filters({ view, serviceOptions, onChange }: { view: BoardView; serviceOptions: { id: string; name: string }[]; onChange(view: BoardView): void }) {
  const set = (patch: Partial<BoardView>) => onChange({ ...view, ...patch });
  return (
    <Grid templateColumns={{ base: '1fr 1fr', medium: 'repeat(4, minmax(0, 1fr))' }} gap="small" alignItems="end">
      <SelectField label="Service" size="small" value={view.service} onChange={(e) => set({ service: e.target.value })}>
        <option value="">All services</option>
        {serviceOptions.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Status" size="small" value={view.status} onChange={(e) => set({ status: e.target.value })}>
        <option value="OPEN">Open</option>
        <option value="">All</option>
        {INCIDENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusLabel(s)}
          </option>
        ))}
      </SelectField>
      <SelectField label="Severity" size="small" value={view.severity} onChange={(e) => set({ severity: e.target.value })}>
        <option value="">All</option>
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      <SelectField label="Sort" size="small" value={view.sort} onChange={(e) => set({ sort: e.target.value as Sort })}>
        {Object.entries(SORTS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <View columnSpan={{ base: 2, medium: 3 }}>
        <SearchField label="Search incidents" size="small" value={view.q} onChange={(e) => set({ q: e.target.value })} onClear={() => set({ q: '' })} />
      </View>
      <CheckboxField label="Mine" name="mine" checked={view.mine} onChange={(e) => set({ mine: e.target.checked })} />
    </Grid>
  );
}

interface RowProps {
  incident: Incident;
  serviceName: string;
  now: number;
  me: readonly string[];
}

function IncidentCard({ incident, serviceName, now, me }: RowProps) {
  return (
    <Card variation="outlined" data-testid="incident-row">
      <Flex direction="column" gap="xs">
        <Flex gap="xs" wrap="wrap" alignItems="center">
          <SeverityBadge severity={incident.severity} />
          <StatusBadge status={incident.status} />
        </Flex>
        <Link href={href({ page: 'incident', id: incident.id })} fontWeight="bold">
          {incident.title}
        </Link>
        <Text fontSize="small" color="font.secondary">
          {serviceName} · <RelativeTime value={incident.triggeredAt} /> · open {durationOf(incident, now)} · {incident.alertCount ?? 1} alert
          {(incident.alertCount ?? 1) === 1 ? '' : 's'} · level {incident.escalationLevel ?? 0} · commander {personName(incident.commander, me)}
        </Text>
      </Flex>
    </Card>
  );
}

function IncidentTable({ rows, serviceName, now, me }: { rows: Incident[]; serviceName(id: string): string; now: number; me: readonly string[] }) {
  return (
    <Table size="small" highlightOnHover caption="" aria-label="Incidents">
      <TableHead>
        <TableRow>
          {['Severity', 'Incident', 'Status', 'Duration', 'Commander', 'Alerts', 'Level'].map((label) => (
            <TableCell as="th" key={label} scope="col">
              {label}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((incident) => (
          <TableRow key={incident.id} data-testid="incident-row">
            <TableCell>
              <SeverityBadge severity={incident.severity} />
            </TableCell>
            <TableCell>
              <Link href={href({ page: 'incident', id: incident.id })} fontWeight="bold">
                {incident.title}
              </Link>
              <Text fontSize="small" color="font.secondary">
                {serviceName(incident.serviceId)} · <RelativeTime value={incident.triggeredAt} />
              </Text>
            </TableCell>
            <TableCell>
              <StatusBadge status={incident.status} />
            </TableCell>
            <TableCell>{durationOf(incident, now)}</TableCell>
            <TableCell>{personName(incident.commander, me)}</TableCell>
            <TableCell>{incident.alertCount ?? 1}</TableCell>
            <TableCell>{incident.escalationLevel ?? 0}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The board: every incident, live, filtered and sorted as the URL says; reporting is a dialog. */
export default function BoardPage({ query, me }: { query: URLSearchParams; me: readonly string[] }) {
  const { incidents, loading, error } = useLiveIncidents();
  const { services, error: servicesError } = useServices();
  const [reporting, setReporting] = useState(false);
  const compact = useBreakpointValue({ base: true, medium: false }) as boolean;
  const now = useNow();
  const view = readView(query);
  const names = new Map((services ?? []).map((s) => [s.id, s.name]));
  const serviceName = (id: string) => names.get(id) ?? 'Unknown service';
  const rows = applyView(incidents, view, me, serviceName, now);
  // The view replaces the URL (no history entry per keystroke) and tells the router.
  const change = (next: BoardView) => {
    window.history.replaceState(null, '', href({ page: 'board', query: writeView(next) }));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };

  return (
    <Flex as="section" direction="column" gap="medium" aria-labelledby="board-title">
      <Flex justifyContent="space-between" alignItems="center" wrap="wrap" gap="small">
        <Heading level={2} id="board-title">
          Incidents
        </Heading>
        <Button variation="primary" onClick={() => setReporting(true)} isDisabled={!services?.length}>
          Report an incident
        </Button>
      </Flex>
      <ErrorAlert error={error ?? servicesError} />
      {services?.length === 0 && <Empty>No services yet: an admin adds them under Services before incidents can be reported.</Empty>}
      <Filters view={view} serviceOptions={services ?? []} onChange={change} />
      {loading ? (
        <Loading what="incidents" />
      ) : rows.length === 0 ? (
        <Empty>{incidents.length === 0 ? 'No incidents yet.' : 'No incidents match these filters.'}</Empty>
      ) : compact ? (
        <Flex direction="column" gap="small" aria-label="Incidents">
          {rows.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} serviceName={serviceName(incident.serviceId)} now={now} me={me} />
          ))}
        </Flex>
      ) : (
        <IncidentTable rows={rows} serviceName={serviceName} now={now} me={me} />
      )}
      <Text fontSize="small" color="font.secondary" aria-live="polite">
        {loading ? '' : `${rows.length} of ${incidents.length} incidents shown`}
      </Text>
      {services && services.length > 0 && <ReportIncidentDialog services={services} open={reporting} onClose={() => setReporting(false)} />}
    </Flex>
  );
}
