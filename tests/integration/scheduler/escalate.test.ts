/**
 * Flare's escalate schedule end to end: the schedule fires (on a controlled clock), the real
 * escalate bundle runs with its role's credentials, reads the model introspection schema
 * from the local S3, writes through AppSync with IAM, and a subscriber (the real aws-amplify
 * client, as a responder) sees the change.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Schema } from '../../../amplify/data/resource';
import type { LocalCloud } from '../../../local';
import { amplifyConfig, installLocalWebSocket } from '../../../local/client';
import type { LogRecord } from '../../../local/reporter';
import { createSchedulerService } from '../../../local/scheduler';
import { defaultServices } from '../../../local/services';
import { recordingReporter, startTestCloud } from '../../helpers/cloud';
import { FakeClock } from '../../helpers/fake-clock';
import { createUser, signInAs } from '../../helpers/flare-users';

type Client = ReturnType<typeof generateClient<Schema>>;

describe('Flare’s escalate schedule, end to end', () => {
  let cloud: LocalCloud;
  let client: Client;
  let restoreWebSocket: () => void;
  const clock = new FakeClock(Date.now());
  const records: LogRecord[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [...defaultServices().filter((service) => service.name !== 'scheduler'), createSchedulerService({ clock })],
      reporter: recordingReporter(records, 'info'),
    });
    restoreWebSocket = installLocalWebSocket(cloud.endpoint, WebSocket as never);
    Amplify.configure(amplifyConfig(cloud.outputs));
    await createUser(cloud, 'admin@example.com', ['ADMINS']);
    await createUser(cloud, 'responder@example.com', ['RESPONDERS']);
    client = generateClient<Schema>();
  });
  afterAll(async () => {
    restoreWebSocket?.();
    await cloud?.stop();
  });

  it('escalates an unacknowledged SEV1 past its deadlines, and subscribers see it', async () => {
    // Prepare: a service, and a SEV1 incident triggered 11 minutes ago (deadline: 5 minutes a level)
    await signInAs('admin@example.com');
    const service = await client.mutations.addService({ name: 'Checkout', status: 'OPERATIONAL' });
    await signInAs('responder@example.com');
    const triggeredAt = new Date(Date.now() - 11 * 60_000).toISOString();
    const created = await client.models.Incident.create({ title: 'Payments failing', severity: 'SEV1', status: 'TRIGGERED', serviceId: service.data!.id, triggeredAt, escalationLevel: 0 });
    expect(created.errors).toBeUndefined();
    const id = created.data!.id;
    const updates: { id: string; escalationLevel?: number | null }[] = [];
    const subscription = client.models.Incident.onUpdate().subscribe({ next: (incident) => updates.push(incident), error: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 400));

    // Act: a minute passes
    await clock.advance(60_000);

    // Assess
    const deadline = Date.now() + 20_000;
    // The handler logs once both its writes (the update, then the timeline event) are done.
    const done = () => records.some((r) => r.service === 'lambda:escalate' && r.message === `Escalated incident ${id} to level 2`);
    while (!(updates.some((incident) => incident.id === id) && done()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    subscription.unsubscribe();
    const errors = records.filter((r) => r.level === 'error').map((r) => `${r.service}: ${r.message}`);
    expect(errors).toEqual([]);
    // The subscriber hears of the function's update (AppSync IAM write)…
    expect(updates.some((incident) => incident.id === id)).toBe(true);
    // …and reads the new level (internal fields are not in the IAM caller's mutation result).
    expect((await client.models.Incident.get({ id })).data?.escalationLevel).toBe(2);
    const timeline = await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: id });
    expect(timeline.data.map((event) => [event.kind, event.author])).toContainEqual(['ESCALATED', 'escalation-policy']);
    expect(done()).toBe(true);
  });
});
