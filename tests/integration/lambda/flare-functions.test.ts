/**
 * Flare's function resolvers end to end: the real aws-amplify client calls AppSync, which
 * invokes the real function bundles in the local Lambda runner; they write the local
 * DynamoDB with their roles' credentials. An illegal transition comes back as the
 * function's error, shaped as AppSync shapes Lambda errors, and writes nothing.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { Reporter, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { startTestCloud } from '../../helpers/cloud';
import { createUser, signInAs } from '../../helpers/flare-users';

type Client = ReturnType<typeof generateClient<Schema>>;

describe('Flare’s function resolvers through the local Lambda runner', () => {
  let cloud: LocalCloud;
  let client: Client;
  let serviceId: string;

  beforeAll(async () => {
    cloud = await startTestCloud({ reporter: new Reporter({ level: 'silent' }) });
    Amplify.configure(amplifyConfig(cloud.outputs));
    await createUser(cloud, 'admin@example.com', ['ADMINS']);
    await createUser(cloud, 'responder@example.com', ['RESPONDERS']);
    client = generateClient<Schema>();
    await signInAs('admin@example.com');
    serviceId = (await client.mutations.addService({ name: 'Payments', status: 'OPERATIONAL' })).data!.id;
    await signInAs('responder@example.com');
  });
  afterAll(() => cloud?.stop());

  it('reportAlert opens an incident, then deduplicates by fingerprint', async () => {
    // Act
    const first = await client.mutations.reportAlert({ fingerprint: 'db-cpu', serviceId, title: 'DB CPU high', severity: 'SEV2' });
    const second = await client.mutations.reportAlert({ fingerprint: 'db-cpu', serviceId, title: 'DB CPU high', severity: 'SEV2' });

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data).toMatchObject({ status: 'TRIGGERED', alertCount: 1, fingerprint: 'db-cpu' });
    expect(second.data).toMatchObject({ id: first.data!.id, alertCount: 2 });
  });

  it('acknowledgeIncident and resolveIncident move an incident through its lifecycle', async () => {
    // Prepare
    const incident = (await client.mutations.reportAlert({ fingerprint: 'api-5xx', serviceId, title: 'API 5xx', severity: 'SEV1' })).data!;

    // Act
    const acknowledged = await client.mutations.acknowledgeIncident({ incidentId: incident.id });
    const resolved = await client.mutations.resolveIncident({ incidentId: incident.id, resolution: 'Rolled back' });

    // Assess
    expect(acknowledged.errors).toBeUndefined();
    expect(acknowledged.data).toMatchObject({ id: incident.id, status: 'ACKNOWLEDGED' });
    expect(resolved.data).toMatchObject({ id: incident.id, status: 'RESOLVED', resolution: 'Rolled back' });
  });

  it('an illegal transition is the function’s error as AppSync shapes it, and nothing is written', async () => {
    // Prepare: a resolved incident
    const incident = (await client.mutations.reportAlert({ fingerprint: 'disk', serviceId, title: 'Disk full', severity: 'SEV3' })).data!;
    await client.mutations.resolveIncident({ incidentId: incident.id, resolution: 'Cleaned up' });
    const before = (await client.models.Incident.get({ id: incident.id })).data!;
    const eventsBefore = (await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: incident.id })).data.length;

    // Act
    const result = await client.mutations.acknowledgeIncident({ incidentId: incident.id });

    // Assess
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    // AppSync reports a Lambda resolver's failure as Lambda:Unhandled with the function's errorMessage.
    expect(result.errors![0]).toMatchObject({ errorType: 'Lambda:Unhandled', path: ['acknowledgeIncident'] });
    expect(result.errors![0].message).toMatch(/RESOLVED/);
    expect(result.errors![0].message).toMatch(/ACKNOWLEDGED|acknowledge/i);
    const after = (await client.models.Incident.get({ id: incident.id })).data!;
    expect(after.status).toBe('RESOLVED');
    expect(after.updatedAt).toBe(before.updatedAt);
    expect((await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: incident.id })).data).toHaveLength(eventsBefore);
  });

  it('incidentStats counts what the other functions wrote', async () => {
    const stats = await client.queries.incidentStats({ serviceId });
    expect(stats.errors).toBeUndefined();
    expect(stats.data).toMatchObject({ total: 3, byStatus: { TRIGGERED: 1, ACKNOWLEDGED: 0, RESOLVED: 2 } });
    expect(stats.data?.timeToResolve.count).toBe(2);
  });
});
