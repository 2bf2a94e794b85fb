/**
 * What monitoring tools POST to `/alerts/{integrationId}`, reduced to Flare's alerts: one
 * NormalizedAlert per alert the payload carries. Pure; the webhook function sends the result
 * to the alert queue. Each format is read as its tool documents it:
 * - ALERTMANAGER: Prometheus Alertmanager's webhook, version "4" (`alerts[]` with `status`,
 *   `labels`, `annotations`, `fingerprint`).
 * - GRAFANA: Grafana alerting's webhook contact point, the same `alerts[]` shape plus Grafana's
 *   own fields (`title`, `message`, `valueString`, `orgId`).
 * - CLOUDWATCH_SNS: the SNS HTTP(S) notification of a CloudWatch alarm (`Type: "Notification"`,
 *   `Message` the alarm's state change as a JSON string).
 * - GENERIC: `{ "alerts": [ { "title", "fingerprint"?, "severity"?, "status"?, "description"? } ] }`
 *   or one such alert object; documented in README.md ("Sending alerts to Flare").
 */
import { createHash } from 'node:crypto';
import { MAX_FINGERPRINT_LENGTH, SEVERITIES, type Severity } from './alert-dedup';
import { TEXT_LIMITS } from './text-limits';

export const INTEGRATION_KINDS = ['ALERTMANAGER', 'GRAFANA', 'CLOUDWATCH_SNS', 'GENERIC'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export type AlertStatus = 'FIRING' | 'RESOLVED';

export interface NormalizedAlert {
  fingerprint: string;
  title: string;
  description?: string;
  /** Absent when the payload names none: the integration's default applies. */
  severity?: Severity;
  status: AlertStatus;
  /** Who raised it, as the timeline shows it (e.g. "alertmanager: HighErrorRate"). */
  source: string;
}

/** One webhook request carries at most this many alerts (Alertmanager's `max_alerts` is unbounded by default). */
export const MAX_ALERTS_PER_REQUEST = 1000;

/** A payload that is not the integration's format; the message says why (the webhook answers 400 with it). */
export class PayloadError extends Error {
  readonly errorType = 'InvalidPayload';
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

/**
 * The alerts a payload of `kind` carries; throws PayloadError naming what is wrong.
 * A CloudWatch alarm in INSUFFICIENT_DATA carries no alert (an empty list).
 * @example normalizeAlerts('GENERIC', { title: 'Disk full' }) // [{ fingerprint: 'Disk full', title: 'Disk full', status: 'FIRING', source: 'generic' }]
 */
export function normalizeAlerts(kind: IntegrationKind, payload: unknown): NormalizedAlert[] {
  const alerts = NORMALIZERS[kind](payload);
  if (alerts.length > MAX_ALERTS_PER_REQUEST) throw new PayloadError(`At most ${MAX_ALERTS_PER_REQUEST} alerts per request (got ${alerts.length})`);
  return alerts;
}

const NORMALIZERS: Record<IntegrationKind, (payload: unknown) => NormalizedAlert[]> = {
  ALERTMANAGER: (payload) => fromAlertList(payload, 'alertmanager'),
  GRAFANA: (payload) => fromAlertList(payload, 'grafana'),
  CLOUDWATCH_SNS: fromCloudWatchNotification,
  GENERIC: fromGeneric,
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new PayloadError(`${where} must be an object of strings`);
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new PayloadError(`${where}.${key} must be a string`);
    map[key] = entry;
  }
  return map;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new PayloadError(`${where} must be a string`);
  return value.trim() || undefined;
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Titles, descriptions and fingerprints kept within what reportAlert accepts (a longer one would only reach the DLQ). */
function finish(alert: NormalizedAlert): NormalizedAlert {
  const fingerprint = alert.fingerprint.length > MAX_FINGERPRINT_LENGTH ? sha256(alert.fingerprint) : alert.fingerprint;
  return {
    ...alert,
    fingerprint,
    title: clip(alert.title, TEXT_LIMITS.incidentTitle),
    ...(alert.description ? { description: clip(alert.description, TEXT_LIMITS.incidentDescription) } : {}),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Prometheus' label severities (and Flare's own names) as Flare's severities. */
const SEVERITY_NAMES: Record<string, Severity> = {
  sev1: 'SEV1', critical: 'SEV1', page: 'SEV1', emergency: 'SEV1', fatal: 'SEV1',
  sev2: 'SEV2', high: 'SEV2', error: 'SEV2', major: 'SEV2',
  sev3: 'SEV3', warning: 'SEV3', warn: 'SEV3', medium: 'SEV3', minor: 'SEV3',
  sev4: 'SEV4', info: 'SEV4', low: 'SEV4', none: 'SEV4',
};

/** A severity named in a payload, or undefined (the integration's default) when it names none Flare knows. */
export function severityFrom(name: string | undefined): Severity | undefined {
  if (!name) return undefined;
  const upper = name.trim().toUpperCase();
  if ((SEVERITIES as readonly string[]).includes(upper)) return upper as Severity;
  return SEVERITY_NAMES[name.trim().toLowerCase()];
}

function alertStatus(value: unknown, where: string, fallback: AlertStatus): AlertStatus {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new PayloadError(`${where} must be "firing" or "resolved"`);
  const status = value.toLowerCase();
  if (status === 'firing') return 'FIRING';
  if (status === 'resolved') return 'RESOLVED';
  throw new PayloadError(`${where} must be "firing" or "resolved" (got "${value}")`);
}

/** Alertmanager's fingerprint is a hash of the alert's labels; without it, Flare hashes them the same way for every tool. */
function labelFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`);
  return sha256(sorted.join('\n'));
}

/** Alertmanager's and Grafana's webhooks: a group of alerts with labels and annotations. */
function fromAlertList(payload: unknown, tool: 'alertmanager' | 'grafana'): NormalizedAlert[] {
  if (!isObject(payload)) throw new PayloadError(`An ${tool} webhook body is a JSON object`);
  if (!Array.isArray(payload.alerts)) throw new PayloadError('alerts must be an array');
  if (tool === 'alertmanager' && payload.version !== undefined && payload.version !== '4') {
    throw new PayloadError(`Alertmanager webhook version "${String(payload.version)}" is not supported (version "4" is)`);
  }
  const groupStatus = alertStatus(payload.status, 'status', 'FIRING');
  const common = stringMap(payload.commonAnnotations, 'commonAnnotations');
  return payload.alerts.map((entry, index) => {
    const where = `alerts[${index}]`;
    if (!isObject(entry)) throw new PayloadError(`${where} must be an object`);
    const labels = stringMap(entry.labels, `${where}.labels`);
    const annotations = { ...common, ...stringMap(entry.annotations, `${where}.annotations`) };
    const alertname = labels.alertname;
    const title = annotations.summary ?? annotations.title ?? alertname ?? (tool === 'grafana' ? optionalString(payload.title, 'title') : undefined);
    if (!title?.trim()) throw new PayloadError(`${where} has no labels.alertname and no summary annotation to title it`);
    const description = annotations.description ?? annotations.message ?? (tool === 'grafana' ? optionalString(entry.valueString, `${where}.valueString`) : undefined);
    const fingerprint = optionalString(entry.fingerprint, `${where}.fingerprint`) ?? labelFingerprint(labels);
    return finish({
      fingerprint: `${tool}:${fingerprint}`,
      title: title.trim(),
      ...(description?.trim() ? { description: description.trim() } : {}),
      ...(severityFrom(labels.severity ?? labels.priority) ? { severity: severityFrom(labels.severity ?? labels.priority) } : {}),
      status: alertStatus(entry.status, `${where}.status`, groupStatus),
      source: alertname ? `${tool}: ${alertname}` : tool,
    });
  });
}

/** An SNS notification whose Message is a CloudWatch alarm's state change. */
function fromCloudWatchNotification(payload: unknown): NormalizedAlert[] {
  if (!isObject(payload)) throw new PayloadError('An SNS notification is a JSON object');
  if (payload.Type !== 'Notification') throw new PayloadError(`SNS message Type "${String(payload.Type)}" carries no alarm (only "Notification" does)`);
  if (typeof payload.Message !== 'string') throw new PayloadError('Message must be a string (the alarm as JSON)');
  let alarm: unknown;
  try {
    alarm = JSON.parse(payload.Message);
  } catch {
    throw new PayloadError('Message is not JSON: is the topic fed by a CloudWatch alarm?');
  }
  if (!isObject(alarm)) throw new PayloadError('Message must be a JSON object (a CloudWatch alarm)');
  const name = optionalString(alarm.AlarmName, 'Message.AlarmName');
  if (!name) throw new PayloadError('Message.AlarmName is required');
  const state = optionalString(alarm.NewStateValue, 'Message.NewStateValue');
  if (state === 'INSUFFICIENT_DATA') return [];
  if (state !== 'ALARM' && state !== 'OK') throw new PayloadError(`Message.NewStateValue must be ALARM, OK or INSUFFICIENT_DATA (got "${state ?? ''}")`);
  const description = [optionalString(alarm.AlarmDescription, 'Message.AlarmDescription'), optionalString(alarm.NewStateReason, 'Message.NewStateReason')]
    .filter(Boolean)
    .join('\n\n');
  return [
    finish({
      fingerprint: `cloudwatch:${optionalString(alarm.AlarmArn, 'Message.AlarmArn') ?? name}`,
      title: name,
      ...(description ? { description } : {}),
      status: state === 'ALARM' ? 'FIRING' : 'RESOLVED',
      source: `cloudwatch: ${name}`,
    }),
  ];
}

/** Flare's own format, for any tool that can POST JSON. */
function fromGeneric(payload: unknown): NormalizedAlert[] {
  if (!isObject(payload)) throw new PayloadError('The body must be a JSON object: one alert, or { "alerts": [...] }');
  const list = payload.alerts === undefined ? [payload] : payload.alerts;
  if (!Array.isArray(list)) throw new PayloadError('alerts must be an array');
  return list.map((entry, index) => {
    const where = payload.alerts === undefined ? 'the alert' : `alerts[${index}]`;
    if (!isObject(entry)) throw new PayloadError(`${where} must be an object`);
    const title = optionalString(entry.title, `${where}.title`);
    if (!title) throw new PayloadError(`${where}.title is required`);
    const severityName = optionalString(entry.severity, `${where}.severity`);
    const severity = severityFrom(severityName);
    if (severityName && !severity) throw new PayloadError(`${where}.severity "${severityName}" is not one of ${SEVERITIES.join(', ')} (or critical, high, warning, info)`);
    const description = optionalString(entry.description, `${where}.description`);
    const source = optionalString(entry.source, `${where}.source`);
    return finish({
      fingerprint: optionalString(entry.fingerprint, `${where}.fingerprint`) ?? title,
      title,
      ...(description ? { description } : {}),
      ...(severity ? { severity } : {}),
      status: alertStatus(entry.status, `${where}.status`, 'FIRING'),
      source: source ?? 'generic',
    });
  });
}
