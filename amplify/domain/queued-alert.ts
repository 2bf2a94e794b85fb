/**
 * The message the webhook queues for each alert and the intake reads back: the alert as
 * normalized, with what the integration decides about it (service, severity, auto-resolve),
 * so the intake needs no second look-up and an alert queued before an edit keeps its settings.
 */
import type { Severity } from './alert-dedup';
import type { AlertStatus, NormalizedAlert } from './alert-payloads';

export interface IntegrationSettings {
  name: string;
  serviceId: string;
  defaultSeverity: Severity;
  autoResolve?: boolean | null;
}

export interface QueuedAlert {
  integrationId: string;
  fingerprint: string;
  serviceId: string;
  title: string;
  severity: Severity;
  status: AlertStatus;
  description?: string;
  source: string;
  autoResolve: boolean;
  receivedAt: string;
}

export function queuedAlert(integration: IntegrationSettings & { id: string }, alert: NormalizedAlert, receivedAt: string): QueuedAlert {
  return {
    integrationId: integration.id,
    fingerprint: alert.fingerprint,
    serviceId: integration.serviceId,
    title: alert.title,
    severity: alert.severity ?? integration.defaultSeverity,
    status: alert.status,
    ...(alert.description ? { description: alert.description } : {}),
    source: `${integration.name} (${alert.source})`,
    autoResolve: integration.autoResolve === true,
    receivedAt,
  };
}

/** A queue message's body as a QueuedAlert; throws naming what is missing (the message then ends in the DLQ). */
export function parseQueuedAlert(body: string): QueuedAlert {
  const value = JSON.parse(body) as Partial<QueuedAlert>;
  for (const field of ['integrationId', 'fingerprint', 'serviceId', 'title', 'severity', 'status', 'source'] as const) {
    if (typeof value[field] !== 'string') throw new Error(`The queued alert has no ${field}`);
  }
  return value as QueuedAlert;
}
