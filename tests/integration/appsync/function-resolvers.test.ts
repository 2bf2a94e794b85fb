/**
 * Flare's custom Lambda operations end to end through AppSync: the real aws-amplify client
 * (a signed-in responder) calls the generated function resolvers, which invoke the real
 * esbuild bundles in the local Lambda runner; they write the local DynamoDB and S3 with
 * their roles' credentials. What they wrote is read back through the API and, for the
 * report, with the S3 SDK as the local root.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { Reporter, startLocalCloud, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { accessToken, createUser, signInAs } from '../../helpers/flare-users';

let cloud: LocalCloud;
const client = generateClient<Schema>();
let s3: S3Client;
let bucket: string;
let nobodyToken: string;

/** A service of its own per test, so counts and fingerprints do not collide. */
async function newService(name: string): Promise<string> {
  await signInAs('admin@example.com');
  const { data, errors } = await client.mutations.addService({ name, status: 'OPERATIONAL' });
  await signInAs('responder@example.com');
  if (errors || !data) throw new Error(`service: ${JSON.stringify(errors)}`);
  return data.id;
}

const timelineOf = async (incidentId: string) =>
  (await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId }, { sortDirection: 'ASC' })).data.map((e) => ({ kind: e.kind, message: e.message, author: e.author }));

beforeAll(async () => {
  cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, synth: false, outputsFile: false, reporter: new Reporter({ level: 'warn' }) });
  Amplify.configure(amplifyConfig(cloud.outputs));
  s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  bucket = cloud.outputs.storage!.bucket_name;
  await createUser(cloud, 'admin@example.com', ['ADMINS']);
  await createUser(cloud, 'responder@example.com', ['RESPONDERS']);
  await createUser(cloud, 'nobody@example.com');
  await signInAs('nobody@example.com');
  nobodyToken = await accessToken();
  await signInAs('responder@example.com');
});
afterAll(() => cloud?.stop());

describe('reportAlert', () => {
  it('opens a TRIGGERED incident, then deduplicates by fingerprint: alertCount + 1 and an ALERT event', async () => {
    // Prepare
    const serviceId = await newService('Payments');
    const alert = { fingerprint: 'db-cpu', serviceId, title: 'DB CPU high', severity: 'SEV2' as const, source: 'grafana' };

    // Act
    const first = await client.mutations.reportAlert(alert);
    const second = await client.mutations.reportAlert(alert);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data).toMatchObject({ status: 'TRIGGERED', alertCount: 1, fingerprint: 'db-cpu', escalationLevel: 0, serviceId, title: 'DB CPU high' });
    expect(second.errors).toBeUndefined();
    expect(second.data).toMatchObject({ id: first.data!.id, alertCount: 2 });
    const stored = (await client.models.Incident.get({ id: first.data!.id })).data!;
    expect(stored).toMatchObject({ alertCount: 2, status: 'TRIGGERED', source: 'grafana' });
    expect((await client.models.Incident.listIncidentsByFingerprint({ fingerprint: 'db-cpu' })).data).toHaveLength(1);
    expect(await timelineOf(first.data!.id)).toEqual([
      { kind: 'TRIGGERED', message: 'Triggered by grafana: DB CPU high', author: expect.any(String) },
      { kind: 'ALERT', message: 'Alert again: DB CPU high', author: expect.any(String) },
    ]);
  });

  it('concurrent alerts with a new fingerprint open one incident and every one is counted', async () => {
    // Prepare
    const serviceId = await newService('Queue');
    const alert = { fingerprint: 'queue-depth', serviceId, title: 'Queue backing up', severity: 'SEV2' as const };

    // Act: eight at once, none of which can see another's incident when it starts.
    const results = await Promise.all(Array.from({ length: 8 }, () => client.mutations.reportAlert(alert)));

    // Assess
    expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
    const ids = new Set(results.map((r) => r.data!.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect((await client.models.Incident.listIncidentsByFingerprint({ fingerprint: 'queue-depth' })).data.map((i) => i.id)).toEqual([id]);
    expect((await client.models.Incident.get({ id })).data).toMatchObject({ alertCount: 8, status: 'TRIGGERED' });
    const kinds = (await timelineOf(id)).map((e) => e.kind).sort();
    expect(kinds).toEqual(['ALERT', 'ALERT', 'ALERT', 'ALERT', 'ALERT', 'ALERT', 'ALERT', 'TRIGGERED']);
  });

  it('an alert whose incident is resolved opens a new incident', async () => {
    const serviceId = await newService('Search');
    const alert = { fingerprint: 'search-latency', serviceId, title: 'Search slow', severity: 'SEV3' as const };
    const first = (await client.mutations.reportAlert(alert)).data!;
    await client.mutations.resolveIncident({ incidentId: first.id, resolution: 'Reindexed' });
    const again = await client.mutations.reportAlert(alert);
    expect(again.errors).toBeUndefined();
    expect(again.data).toMatchObject({ status: 'TRIGGERED', alertCount: 1 });
    expect(again.data!.id).not.toBe(first.id);
  });

  it('is refused to the public API key and to users in no group', async () => {
    const serviceId = await newService('Refusals');
    const alert = { fingerprint: 'x', serviceId, title: 'x', severity: 'SEV4' as const };
    for (const options of [{ authMode: 'apiKey' as const }, { headers: { Authorization: nobodyToken } }]) {
      const refused = await client.mutations.reportAlert(alert, options);
      expect(refused.data).toBeNull();
      expect(refused.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access reportAlert on type Mutation' })]);
    }
    expect((await client.models.Incident.listIncidentsByService({ serviceId })).data).toEqual([]);
  });
});

describe('acknowledgeIncident and resolveIncident', () => {
  it('acknowledge stamps the time and the commander and writes an ACKNOWLEDGED event', async () => {
    const serviceId = await newService('Checkout');
    const incident = (await client.mutations.reportAlert({ fingerprint: 'api-5xx', serviceId, title: 'API 5xx', severity: 'SEV1' })).data!;

    const acknowledged = await client.mutations.acknowledgeIncident({ incidentId: incident.id });

    expect(acknowledged.errors).toBeUndefined();
    expect(acknowledged.data).toMatchObject({ id: incident.id, status: 'ACKNOWLEDGED' });
    const stored = (await client.models.Incident.get({ id: incident.id })).data!;
    expect(stored).toMatchObject({ status: 'ACKNOWLEDGED', commander: expect.any(String) });
    expect(Date.parse(stored.acknowledgedAt!)).toBeGreaterThanOrEqual(Date.parse(stored.triggeredAt));
    expect((await timelineOf(incident.id)).map((e) => e.kind)).toEqual(['TRIGGERED', 'ACKNOWLEDGED']);
  });

  it('resolve records the resolution, writes a RESOLVED event and the report object in S3 (reports/incidents/<id>.json)', async () => {
    // Prepare
    const serviceId = await newService('Auth');
    const incident = (await client.mutations.reportAlert({ fingerprint: 'login-errors', serviceId, title: 'Login errors', severity: 'SEV2', description: 'spike after deploy' })).data!;
    await client.mutations.acknowledgeIncident({ incidentId: incident.id });

    // Act
    const resolved = await client.mutations.resolveIncident({ incidentId: incident.id, resolution: '  Rolled back 4.2.1  ' });

    // Assess
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data).toMatchObject({ id: incident.id, status: 'RESOLVED' });
    const stored = (await client.models.Incident.get({ id: incident.id })).data!;
    expect(stored).toMatchObject({ status: 'RESOLVED', resolution: 'Rolled back 4.2.1' });
    expect((await timelineOf(incident.id)).map((e) => [e.kind, e.kind === 'RESOLVED' ? e.message : undefined])).toEqual([
      ['TRIGGERED', undefined],
      ['ACKNOWLEDGED', undefined],
      ['RESOLVED', 'Rolled back 4.2.1'],
    ]);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `reports/incidents/${incident.id}.json` }));
    expect(object.ContentType).toBe('application/json');
    const report = JSON.parse(await object.Body!.transformToString()) as Record<string, unknown>;
    expect(report).toMatchObject({
      id: incident.id,
      status: 'RESOLVED',
      resolution: 'Rolled back 4.2.1',
      description: 'spike after deploy',
      fingerprint: 'login-errors',
      resolvedAt: stored.resolvedAt,
      acknowledgedAt: stored.acknowledgedAt,
    });
  });

  it('an illegal transition (acknowledging a RESOLVED incident) is the function’s error as AppSync shapes Lambda errors, and writes nothing', async () => {
    // Prepare: a resolved incident, as stored, and its timeline.
    const serviceId = await newService('Disk');
    const incident = (await client.mutations.reportAlert({ fingerprint: 'disk', serviceId, title: 'Disk full', severity: 'SEV3' })).data!;
    await client.mutations.resolveIncident({ incidentId: incident.id, resolution: 'Cleaned up' });
    const selectionSet = ['id', 'status', 'commander', 'acknowledgedAt', 'resolvedAt', 'resolution', 'alertCount', 'updatedAt'] as const;
    const before = (await client.models.Incident.get({ id: incident.id }, { selectionSet })).data;
    const timelineBefore = await timelineOf(incident.id);

    // Act
    const result = await client.mutations.acknowledgeIncident({ incidentId: incident.id });

    // Assess: AppSync passes the function's errorMessage on and types every thrown Lambda
    // error Lambda:Unhandled (the function's own errorType, IllegalTransition, stays in Lambda's answer).
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['acknowledgeIncident'], errorType: 'Lambda:Unhandled', message: 'Cannot acknowledge an incident that is RESOLVED', data: null }),
    ]);
    expect((await client.models.Incident.get({ id: incident.id }, { selectionSet })).data).toEqual(before);
    expect(await timelineOf(incident.id)).toEqual(timelineBefore);
  });

  it('resolving with an empty resolution is refused before anything is written', async () => {
    // Service names are unique: this one is not the 'Queue' of the test above.
    const serviceId = await newService('Queue workers');
    const incident = (await client.mutations.reportAlert({ fingerprint: 'queue-depth', serviceId, title: 'Queue deep', severity: 'SEV3' })).data!;
    const result = await client.mutations.resolveIncident({ incidentId: incident.id, resolution: '   ' });
    expect(result.errors).toEqual([expect.objectContaining({ errorType: 'Lambda:Unhandled', message: 'A resolution is required to resolve an incident' })]);
    expect((await client.models.Incident.get({ id: incident.id })).data?.status).toBe('TRIGGERED');
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: `reports/incidents/${incident.id}.json` }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('incidentStats', () => {
  it('counts by status and severity and times acknowledgement and resolution for one service', async () => {
    // Prepare: three incidents of one service, one left triggered, one acknowledged then resolved, one resolved directly.
    const serviceId = await newService('Stats');
    const open = (await client.mutations.reportAlert({ fingerprint: 'a', serviceId, title: 'a', severity: 'SEV1' })).data!;
    const acked = (await client.mutations.reportAlert({ fingerprint: 'b', serviceId, title: 'b', severity: 'SEV2' })).data!;
    const direct = (await client.mutations.reportAlert({ fingerprint: 'c', serviceId, title: 'c', severity: 'SEV2' })).data!;
    await client.mutations.acknowledgeIncident({ incidentId: acked.id });
    await client.mutations.resolveIncident({ incidentId: acked.id, resolution: 'fixed' });
    await client.mutations.resolveIncident({ incidentId: direct.id, resolution: 'noise' });

    // Act
    const stats = await client.queries.incidentStats({ serviceId });

    // Assess
    expect(stats.errors).toBeUndefined();
    expect(stats.data).toMatchObject({
      total: 3,
      byStatus: { TRIGGERED: 1, ACKNOWLEDGED: 0, RESOLVED: 2 },
      bySeverity: { SEV1: 1, SEV2: 2, SEV3: 0, SEV4: 0 },
      timeToAcknowledge: { count: 1 },
      timeToResolve: { count: 2 },
    });
    expect(stats.data!.timeToResolve.meanSeconds).toBeGreaterThanOrEqual(0);
    expect(open.status).toBe('TRIGGERED');
    const since = await client.queries.incidentStats({ serviceId, since: new Date(Date.now() + 60_000).toISOString() });
    expect(since.data?.total).toBe(0);
  });

  it('is for RESPONDERS and ADMINS: a user in no group is refused', async () => {
    const refused = await client.queries.incidentStats({}, { headers: { Authorization: nobodyToken } });
    expect(refused.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access incidentStats on type Query' })]);
  });
});
