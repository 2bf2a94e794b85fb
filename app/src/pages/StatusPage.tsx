import { Alert, Card, Flex, Heading, Text, View } from '@aws-amplify/ui-react';
import { useConnection } from '../lib/connection';
import { serviceHistory } from '../lib/history';
import { usePublicStatus, type PublicIncident, type PublicService, type PublicUpdate } from '../lib/public-status';
import { formatTime, useNow } from '../lib/time';
import { statusLabel } from '../theme/tones';
import { SeverityBadge, StatusBadge } from '../components/badges';
import { RelativeTime } from '../components/RelativeTime';
import { ErrorAlert, Loading } from '../components/states';
import { ServiceHistory } from '../components/ServiceHistory';

const RECENTLY_RESOLVED_MS = 3 * 86_400_000;

function IncidentCard({ incident, service, updates }: { incident: PublicIncident; service: string; updates: PublicUpdate[] }) {
  return (
    <Card variation="outlined" data-testid="public-incident">
      <Flex gap="xs" alignItems="center" wrap="wrap">
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={updates[0]?.status ?? incident.status} />
      </Flex>
      <Heading level={3} marginTop="xs">
        {incident.title}
      </Heading>
      <Text fontSize="small" color="font.secondary">
        {service} · since {formatTime(incident.triggeredAt)}
        {incident.resolvedAt && <> · resolved {formatTime(incident.resolvedAt)}</>}
      </Text>
      {updates.length > 0 && (
        <View as="ol" padding="0" margin="small 0 0" style={{ listStyle: 'none' }} aria-label={`Updates on ${incident.title}`}>
          {updates.map((update) => (
            <View as="li" key={update.id} padding="xs 0" data-testid="public-update">
              <Text as="span" fontWeight="bold">
                {statusLabel(update.status)}
              </Text>{' '}
              <Text as="span" fontSize="small" color="font.secondary">
                <RelativeTime value={update.postedAt} />
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{update.message}</Text>
            </View>
          ))}
        </View>
      )}
    </Card>
  );
}

function Overall({ services, open }: { services: PublicService[]; open: number }) {
  const worst = services.some((s) => s.status === 'MAJOR_OUTAGE') ? 'error' : services.some((s) => s.status !== 'OPERATIONAL' && s.status !== 'MAINTENANCE') || open > 0 ? 'warning' : 'success';
  const text = worst === 'success' ? 'All systems operational' : worst === 'error' ? 'Major outage' : 'Some systems are affected';
  return (
    <Alert variation={worst} hasIcon data-testid="overall-status">
      <Heading level={2} fontSize="large">
        {text}
      </Heading>
    </Alert>
  );
}

/** The public status page: overall state, incidents with their public updates, maintenance, services by group with 90 days of history. */
export function StatusPage() {
  const { online, lastUpdate } = useConnection();
  const { services, incidents, updates, maintenance, loaded, error } = usePublicStatus();
  const now = useNow(60_000);
  const serviceList = [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
  const allIncidents = [...incidents.values()];
  const name = (id: string) => services.get(id)?.name ?? 'Unknown service';
  const open = allIncidents.filter((i) => i.status !== 'RESOLVED').sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt));
  const recent = allIncidents.filter((i) => i.resolvedAt && now - Date.parse(i.resolvedAt) < RECENTLY_RESOLVED_MS).sort((a, b) => b.resolvedAt!.localeCompare(a.resolvedAt!));
  const updatesOf = (id: string) => [...updates.values()].filter((u) => u.incidentId === id).sort((a, b) => b.postedAt.localeCompare(a.postedAt));
  const planned = [...maintenance.values()].filter((m) => Date.parse(m.endsAt) > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const groups = new Map<string, PublicService[]>();
  for (const service of serviceList) groups.set(service.group || 'Services', [...(groups.get(service.group || 'Services') ?? []), service]);

  return (
    <View as="main" padding="medium" maxWidth="64rem" margin="0 auto" aria-labelledby="status-title">
      <Heading level={2} id="status-title" marginBottom="small">
        System status
      </Heading>
      <ErrorAlert error={error} />
      {!loaded ? (
        error || !online ? (
          <Alert variation="warning" role="alert" data-testid="status-unavailable">
            The current status cannot be loaded right now. This page keeps trying.
          </Alert>
        ) : (
          <Loading what="status" />
        )
      ) : (
        <Flex direction="column" gap="large">
          {online ? <Overall services={serviceList} open={open.length} /> : <Text>Status as of {lastUpdate?.toLocaleTimeString() ?? 'the last update'}.</Text>}
          {open.length > 0 && (
            <Flex as="section" direction="column" gap="small" aria-label="Open incidents">
              <Heading level={2} fontSize="medium">
                Open incidents
              </Heading>
              {open.map((incident) => (
                <IncidentCard key={incident.id} incident={incident} service={name(incident.serviceId)} updates={updatesOf(incident.id)} />
              ))}
            </Flex>
          )}
          {planned.length > 0 && (
            <Flex as="section" direction="column" gap="small" aria-label="Scheduled maintenance">
              <Heading level={2} fontSize="medium">
                Scheduled maintenance
              </Heading>
              {planned.map((m) => (
                <Card variation="outlined" key={m.id} data-testid="maintenance">
                  <Heading level={3}>{m.title}</Heading>
                  <Text fontSize="small" color="font.secondary">
                    {formatTime(m.startsAt)} – {formatTime(m.endsAt)} ({Date.parse(m.startsAt) > now ? <>starts <RelativeTime value={m.startsAt} /></> : 'in progress'}) · {m.serviceIds.map(name).join(', ')}
                  </Text>
                  {m.description && <Text>{m.description}</Text>}
                </Card>
              ))}
            </Flex>
          )}
          {[...groups].map(([group, members]) => (
            <Flex as="section" direction="column" gap="small" key={group} aria-label={group}>
              <Heading level={2} fontSize="medium">
                {group}
              </Heading>
              {members.map((service) => (
                <Card variation="outlined" key={service.id} data-testid="public-service">
                  <Flex justifyContent="space-between" alignItems="center" gap="small" wrap="wrap">
                    <Heading level={3}>{service.name}</Heading>
                    <StatusBadge status={service.status} />
                  </Flex>
                  {service.description && (
                    <Text fontSize="small" color="font.secondary">
                      {service.description}
                    </Text>
                  )}
                  <ServiceHistory name={service.name} days={serviceHistory(allIncidents, service.id, now)} />
                </Card>
              ))}
            </Flex>
          ))}
          {serviceList.length === 0 && <Text>No services are listed yet.</Text>}
          {recent.length > 0 && (
            <Flex as="section" direction="column" gap="small" aria-label="Recently resolved">
              <Heading level={2} fontSize="medium">
                Recently resolved
              </Heading>
              {recent.map((incident) => (
                <IncidentCard key={incident.id} incident={incident} service={name(incident.serviceId)} updates={updatesOf(incident.id)} />
              ))}
            </Flex>
          )}
        </Flex>
      )}
    </View>
  );
}
