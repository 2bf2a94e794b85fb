/**
 * Alert ingestion end to end on the local cloud, from Flare's own synthesized backend: an admin
 * makes an integration through the real aws-amplify client (its token lands in Secrets Manager),
 * a monitoring tool POSTs to the HTTP API with that token (fetch: the wire format is the point),
 * the authorizer, the webhook function, the SQS queue, its event-source mapping and the intake
 * function run, and the incident reaches a subscribed aws-amplify client through AppSync.
 */
import { Amplify } from 'aws-amplify';
import { get } from 'aws-amplify/api';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Schema } from '../../../amplify/data/resource';
import type { LocalCloud } from '../../../local';
import { amplifyConfig, installLocalApis, installLocalWebSocket } from '../../../local/client';
import { localApiSettings, localApiUrl } from '../../../local/client/api';
import { startTestCloud } from '../../helpers/cloud';
import { createUser, signInAs } from '../../helpers/flare-users';

type Client = ReturnType<typeof generateClient<Schema>>;
interface Observable<T> {
  subscribe(observer: { next: (value: T) => void; error: (error: unknown) => void }): { unsubscribe(): void };
}

let cloud: LocalCloud;
let client: Client;
let serviceId: string;
let restore: (() => void)[] = [];

// Every alert crosses an authorizer, a webhook function, a queue and two more functions on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

/** Polls an async read until it gives a truthy value, or fails naming `what`. */
async function until<T>(read: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function webhookUrl(integrationId: string): string {
  const custom = cloud.outputs.custom as { alerts: { webhookUrl: string } };
  return localApiUrl(`${custom.alerts.webhookUrl}${integrationId}`, localApiSettings(cloud.outputs)!);
}

async function postAlerts(integrationId: string, body: unknown, authorization?: string) {
  const response = await fetch(webhookUrl(integrationId), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json().catch(() => undefined)) as { accepted?: number; message?: string } | undefined };
}

async function addIntegration(kind: Schema['IntegrationKind']['type'], autoResolve = false) {
  const { data, errors } = await client.mutations.addIntegration({ name: `${kind} ${Date.now()}`, kind, serviceId, defaultSeverity: 'SEV3', autoResolve });
  if (errors || !data) throw new Error(`addIntegration: ${JSON.stringify(errors)}`);
  return data;
}

/** An Alertmanager webhook (version 4) as Alertmanager sends it, for alerts given by name and status. */
function alertmanager(alerts: { name: string; status: 'firing' | 'resolved'; severity?: string }[]) {
  return {
    version: '4',
    groupKey: '{}:{alertname="group"}',
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'flare',
    groupLabels: {},
    commonLabels: { job: 'checkout' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: { alertname: alert.name, job: 'checkout', severity: alert.severity ?? 'critical' },
      annotations: { summary: `${alert.name} on checkout` },
      startsAt: '2026-12-07T10:00:00Z',
      endsAt: alert.status === 'resolved' ? '2026-12-07T10:05:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: `fp-${alert.name}`,
    })),
  };
}

async function incidentByFingerprint(fingerprint: string) {
  const { data } = await client.models.Incident.listIncidentsByFingerprint({ fingerprint });
  return data[0];
}

beforeAll(async () => {
  cloud = await startTestCloud();
  restore = [installLocalWebSocket(cloud.endpoint, WebSocket as never), installLocalApis(cloud.outputs)];
  const config = amplifyConfig(cloud.outputs);
  Amplify.configure({ ...config, API: { ...config.API, REST: (cloud.outputs.custom as { API: Record<string, { endpoint: string; region: string }> }).API } });
  await createUser(cloud, 'admin@example.com', ['ADMINS']);
  await signInAs('admin@example.com');
  client = generateClient<Schema>();
  const service = await client.mutations.addService({ name: 'Checkout' });
  if (service.errors || !service.data) throw new Error(`addService: ${JSON.stringify(service.errors)}`);
  serviceId = service.data.id;
});

afterAll(async () => {
  restore.forEach((undo) => undo());
  await cloud?.stop();
});

describe('POST /alerts/{integrationId}', () => {
  it('turns an Alertmanager webhook into incidents a subscribed client sees, one per fingerprint', async () => {
    // Prepare
    const integration = await addIntegration('ALERTMANAGER');
    const seen: { title: string; status: string; serviceId: string }[] = [];
    const subscription = (client.subscriptions.onIncidentChanged({ serviceId }) as unknown as Observable<{ title: string; status: string; serviceId: string }>).subscribe({
      next: (value) => seen.push(value),
      error: () => {},
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Act
    const answer = await postAlerts(integration.integrationId, alertmanager([{ name: 'HighErrorRate', status: 'firing' }, { name: 'SlowCheckout', status: 'firing', severity: 'warning' }]), `Bearer ${integration.token}`);

    // Assess
    expect(answer).toEqual({ status: 202, json: { accepted: 2 } });
    await until(async () => seen.length >= 2, 'two incidents on the subscription');
    expect(seen.map((i) => i.title).sort()).toEqual(['HighErrorRate on checkout', 'SlowCheckout on checkout']);
    const slow = await incidentByFingerprint('alertmanager:fp-SlowCheckout');
    expect(slow).toMatchObject({ severity: 'SEV3', status: 'TRIGGERED', alertCount: 1, serviceId });
    expect(slow.source).toContain('alertmanager: SlowCheckout');
    subscription.unsubscribe();
  });

  it('counts a repeated alert on its open incident, and with autoResolve resolves it when the alert resolves', async () => {
    // Prepare
    const integration = await addIntegration('ALERTMANAGER', true);
    const auth = `Bearer ${integration.token}`;
    await postAlerts(integration.integrationId, alertmanager([{ name: 'DiskFull', status: 'firing' }]), auth);
    await until(() => incidentByFingerprint('alertmanager:fp-DiskFull'), 'the DiskFull incident');

    // Act
    await postAlerts(integration.integrationId, alertmanager([{ name: 'DiskFull', status: 'firing' }]), auth);
    const counted = await until(async () => {
      const incident = await incidentByFingerprint('alertmanager:fp-DiskFull');
      return incident?.alertCount === 2 && incident;
    }, 'the second alert counted');
    const resolved = await postAlerts(integration.integrationId, alertmanager([{ name: 'DiskFull', status: 'resolved' }]), auth);

    // Assess
    expect(resolved.status).toBe(202);
    const closed = await until(async () => {
      const incident = await incidentByFingerprint('alertmanager:fp-DiskFull');
      return incident?.status === 'RESOLVED' && incident;
    }, 'the incident auto-resolved');
    expect(closed.alertCount).toBe(2);
    const timeline = await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: counted.id });
    expect(timeline.data.map((e) => e.kind).sort()).toEqual(['ALERT', 'ALERT', 'RESOLVED', 'TRIGGERED']);
  });

  it('refuses a request without the integration\'s token: 401 without one, 403 with a wrong one or another integration\'s', async () => {
    // Prepare
    const ours = await addIntegration('GENERIC');
    const theirs = await addIntegration('GENERIC');
    const alert = { title: 'Should not arrive' };

    // Act
    const missing = await postAlerts(ours.integrationId, alert);
    const wrong = await postAlerts(ours.integrationId, alert, 'Bearer not-the-token');
    const crossed = await postAlerts(ours.integrationId, alert, `Bearer ${theirs.token}`);
    const unknown = await postAlerts('00000000-0000-0000-0000-000000000000', alert, `Bearer ${ours.token}`);

    // Assess (API Gateway's own answers for a missing identity source and a refused simple response)
    expect(missing).toEqual({ status: 401, json: { message: 'Unauthorized' } });
    expect(wrong).toEqual({ status: 403, json: { message: 'Forbidden' } });
    expect(crossed).toEqual({ status: 403, json: { message: 'Forbidden' } });
    expect(unknown).toEqual({ status: 403, json: { message: 'Forbidden' } });
  });

  it('answers 400 with the reason for a body that is not JSON or not the integration\'s format', async () => {
    // Prepare
    const integration = await addIntegration('ALERTMANAGER');
    const auth = `Bearer ${integration.token}`;

    // Act
    const notJson = await postAlerts(integration.integrationId, '{"alerts": [', auth);
    const wrongShape = await postAlerts(integration.integrationId, { alerts: 'none' }, auth);
    const oldVersion = await postAlerts(integration.integrationId, { version: '3', alerts: [] }, auth);

    // Assess
    expect(notJson.status).toBe(400);
    expect(notJson.json?.message).toMatch(/^The body is not JSON: /);
    expect(wrongShape).toEqual({ status: 400, json: { message: 'Not a ALERTMANAGER payload: alerts must be an array' } });
    expect(oldVersion).toEqual({ status: 400, json: { message: 'Not a ALERTMANAGER payload: Alertmanager webhook version "3" is not supported (version "4" is)' } });
  });

  it('accepts the old token after a rotation (within the grace period) and the new one, and nothing once disabled', async () => {
    // Prepare
    const integration = await addIntegration('GENERIC');
    await postAlerts(integration.integrationId, { title: 'warm the authorizer' }, `Bearer ${integration.token}`);

    // Act
    const rotated = await client.mutations.rotateIntegrationToken({ id: integration.integrationId });
    const withOld = await postAlerts(integration.integrationId, { title: 'old token', fingerprint: 'rotation' }, `Bearer ${integration.token}`);
    const withNew = await postAlerts(integration.integrationId, { title: 'new token', fingerprint: 'rotation' }, `Bearer ${rotated.data!.token}`);
    await client.models.Integration.update({ id: integration.integrationId, enabled: false });
    const disabled = await postAlerts(integration.integrationId, { title: 'disabled' }, `Bearer ${rotated.data!.token}`);

    // Assess
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data!.token).not.toBe(integration.token);
    expect(Date.parse(rotated.data!.previousTokenValidUntil!) - Date.parse(rotated.data!.issuedAt)).toBe(15 * 60 * 1000);
    expect(withOld).toEqual({ status: 202, json: { accepted: 1 } });
    expect(withNew).toEqual({ status: 202, json: { accepted: 1 } });
    expect(disabled.status).toBe(403);
    expect(disabled.json?.message).toMatch(/is disabled$/);
  });
});

describe('GET /status and /status/feed (REST API)', () => {
  it('serves the public status as JSON and Atom through the aws-amplify REST client, without internal fields', async () => {
    // Act
    const json = (await (await get({ apiName: 'flareStatus', path: '/status' }).response).body.json()) as {
      overall: string;
      services: { name: string }[];
      incidents: Record<string, unknown>[];
    };
    const feed = await (await get({ apiName: 'flareStatus', path: '/status/feed' }).response).body.text();

    // Assess
    expect(json.services.map((s) => s.name)).toContain('Checkout');
    expect(json.incidents.length).toBeGreaterThan(0);
    for (const incident of json.incidents) {
      expect(Object.keys(incident).sort()).toEqual(['acknowledgedAt', 'id', 'resolvedAt', 'serviceId', 'severity', 'status', 'title', 'triggeredAt', 'updatedAt']);
    }
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(feed).toContain('<title>[TRIGGERED] HighErrorRate on checkout</title>');
  });
});
