/**
 * The public status as GET /status (JSON) and GET /status/feed (Atom 1.0, RFC 4287) serve it:
 * public fields only, the ones the public API key may read (no description, fingerprint,
 * commander or resolution). Pure; the public-status function reads the tables.
 */
export interface PublicService {
  id: string;
  name: string;
  group?: string | null;
  status: string;
}

export interface PublicIncident {
  id: string;
  title: string;
  severity: string;
  status: string;
  serviceId: string;
  triggeredAt: string;
  acknowledgedAt?: string | null;
  resolvedAt?: string | null;
  updatedAt?: string | null;
}

export interface StatusDocument {
  generatedAt: string;
  /** OPERATIONAL when every service is; otherwise the worst service status. */
  overall: string;
  services: PublicService[];
  incidents: PublicIncident[];
}

const SERVICE_ORDER = ['OPERATIONAL', 'MAINTENANCE', 'DEGRADED', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE'];

/** @example statusDocument([], [], new Date(0)).overall === 'OPERATIONAL' */
export function statusDocument(services: readonly PublicService[], incidents: readonly PublicIncident[], now: Date): StatusDocument {
  const overall = services.reduce((worst, s) => (SERVICE_ORDER.indexOf(s.status) > SERVICE_ORDER.indexOf(worst) ? s.status : worst), 'OPERATIONAL');
  return {
    generatedAt: now.toISOString(),
    overall,
    services: services.map(({ id, name, group, status }) => ({ id, name, group: group ?? null, status })).sort((a, b) => a.name.localeCompare(b.name)),
    incidents: incidents
      .map(({ id, title, severity, status, serviceId, triggeredAt, acknowledgedAt, resolvedAt, updatedAt }) => ({
        id, title, severity, status, serviceId, triggeredAt,
        acknowledgedAt: acknowledgedAt ?? null, resolvedAt: resolvedAt ?? null, updatedAt: updatedAt ?? triggeredAt,
      }))
      .sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt)),
  };
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * An Atom feed with one entry per incident (newest first), each updated when the incident last changed.
 * @example atomFeed(doc, 'https://api.example.com/prod/status/feed').startsWith('<?xml')
 */
export function atomFeed(status: StatusDocument, selfUrl: string): string {
  const names = new Map(status.services.map((s) => [s.id, s.name]));
  const updated = status.incidents.reduce((latest, i) => ((i.updatedAt ?? '') > latest ? (i.updatedAt ?? latest) : latest), '') || status.generatedAt;
  const entries = status.incidents.map((incident) => {
    const service = names.get(incident.serviceId) ?? 'Unknown service';
    const summary = `${incident.severity} · ${incident.status} · ${service} · triggered ${incident.triggeredAt}${incident.resolvedAt ? ` · resolved ${incident.resolvedAt}` : ''}`;
    return [
      '  <entry>',
      `    <id>urn:flare:incident:${xml(incident.id)}</id>`,
      `    <title>${xml(`[${incident.status}] ${incident.title}`)}</title>`,
      `    <updated>${xml(incident.updatedAt ?? incident.triggeredAt)}</updated>`,
      `    <published>${xml(incident.triggeredAt)}</published>`,
      `    <category term="${xml(incident.severity)}"/>`,
      `    <summary>${xml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(selfUrl)}</id>`,
    '  <title>Flare status</title>',
    `  <updated>${xml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(selfUrl)}"/>`,
    '  <author><name>Flare</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
