/**
 * Subscriptions through the real aws-amplify v6 client (generateClient), as a
 * signed-in responder, a public API-key reader and a user in no group see them.
 * Mutations come from a second responder: the same client with that user's token.
 */
import { Amplify } from 'aws-amplify';
import { Hub } from 'aws-amplify/utils';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Schema } from '../../../amplify/data/resource';
import type { LocalCloud } from '../../../local';
import { amplifyConfig, installLocalWebSocket } from '../../../local/client';
import { startTestCloud } from '../../helpers/cloud';
import { accessToken, createUser, signInAs } from '../../helpers/flare-users';

type Client = ReturnType<typeof generateClient<Schema>>;
interface Observable<T> {
  subscribe(observer: { next: (value: T) => void; error: (error: unknown) => void }): { unsubscribe(): void };
}

let cloud: LocalCloud;
let client: Client;
let responderB: string;
let restoreWebSocket: () => void;
const serviceIds: string[] = [];

/** Collects what an observable emits, and waits for values. */
function collect<T>(observable: Observable<T>) {
  const values: T[] = [];
  const errors: unknown[] = [];
  let wake: (() => void) | undefined;
  const subscription = observable.subscribe({
    next: (value) => {
      values.push(value);
      wake?.();
    },
    error: (error) => {
      errors.push(error);
      wake?.();
    },
  });
  const until = async (predicate: () => boolean, what: string, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(values)} errors ${JSON.stringify(errors)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  return { values, errors, until, stop: () => subscription.unsubscribe() };
}

/** How many `start_ack`s aws-amplify has reported (its Hub 'api' channel). */
let acknowledged = 0;
Hub.listen('api', ({ payload }) => {
  if (payload.event === 'Subscription ack') acknowledged++;
});

/** Waits until `count` more subscriptions than `before` are acknowledged by the server. */
async function acked(before: number, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (acknowledged < before + count) {
    if (Date.now() > deadline) throw new Error(`only ${acknowledged - before} of ${count} subscriptions were acknowledged`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** For assertions that something does NOT arrive: a quiet moment after the mutation. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** The mutation side: responder B, through the same real client with B's token. */
const asB = { Authorization: '' };

beforeAll(async () => {
  cloud = await startTestCloud();
  restoreWebSocket = installLocalWebSocket(cloud.endpoint, WebSocket as never);
  Amplify.configure(amplifyConfig(cloud.outputs));
  await createUser(cloud, 'admin@example.com', ['ADMINS']);
  await createUser(cloud, 'a@example.com', ['RESPONDERS']);
  await createUser(cloud, 'b@example.com', ['RESPONDERS']);
  await createUser(cloud, 'nobody@example.com');
  client = generateClient<Schema>();

  await signInAs('admin@example.com');
  for (const name of ['Checkout', 'Search']) {
    const { data, errors } = await client.mutations.addService({ name, status: 'OPERATIONAL' });
    if (errors || !data) throw new Error(`service: ${JSON.stringify(errors)}`);
    serviceIds.push(data.id);
  }
  await signInAs('b@example.com');
  responderB = await accessToken();
  asB.Authorization = responderB;
  await signInAs('a@example.com');
});

afterAll(async () => {
  restoreWebSocket?.();
  await cloud?.stop();
});

function incident(overrides: Partial<Schema['Incident']['type']> = {}) {
  return {
    title: 'Checkout 5xx',
    severity: 'SEV2' as const,
    status: 'TRIGGERED' as const,
    serviceId: serviceIds[0],
    triggeredAt: new Date().toISOString(),
    ...overrides,
  };
}

describe('model subscriptions', () => {
  it('observeQuery shows an incident another responder creates, without a reload', async () => {
    // Prepare
    const before = acknowledged;
    const observed = collect(client.models.Incident.observeQuery() as unknown as Observable<{ items: { id: string }[]; isSynced: boolean }>);
    await observed.until(() => observed.values.some((v) => v.isSynced), 'the initial sync');
    await acked(before, 3); // onCreate, onUpdate, onDelete

    // Act
    const { data: created } = await client.models.Incident.create(incident({ title: 'Seen live' }), { headers: asB });

    // Assess
    await observed.until(() => observed.values.at(-1)!.items.some((item) => item.id === created!.id), 'the new incident');
    expect(observed.errors).toEqual([]);
    observed.stop();
  });

  it('onCreate with a filter delivers only matching incidents; onUpdate and onDelete deliver changes', async () => {
    // Prepare
    const before = acknowledged;
    const sev1 = collect(client.models.Incident.onCreate({ filter: { severity: { eq: 'SEV1' } } }) as unknown as Observable<{ id: string; severity: string }>);
    const updates = collect(client.models.Incident.onUpdate() as unknown as Observable<{ id: string; title: string }>);
    const deletes = collect(client.models.Incident.onDelete() as unknown as Observable<{ id: string }>);
    await acked(before, 3);

    // Act
    await client.models.Incident.create(incident({ severity: 'SEV3', title: 'minor' }), { headers: asB });
    const { data: major } = await client.models.Incident.create(incident({ severity: 'SEV1', title: 'major' }), { headers: asB });
    await client.models.Incident.update({ id: major!.id, title: 'major (renamed)' }, { headers: asB });
    await sev1.until(() => sev1.values.length >= 1, 'the SEV1 creation');
    await updates.until(() => updates.values.length >= 1, 'the update');
    // Deleting is for ADMINS only: the admin's token.
    await signInAs('admin@example.com');
    await client.models.Incident.delete({ id: major!.id });
    await signInAs('a@example.com');
    await deletes.until(() => deletes.values.length >= 1, 'the deletion');

    // Assess
    expect(sev1.values.map((v) => v.severity)).toEqual(['SEV1']);
    expect(updates.values[0]).toMatchObject({ id: major!.id, title: 'major (renamed)' });
    expect(deletes.values[0]).toMatchObject({ id: major!.id });
    [sev1, updates, deletes].forEach((c) => c.stop());
  });
});

describe('custom subscription onIncidentChanged(serviceId)', () => {
  it('delivers the lifecycle mutations of one service only', async () => {
    // Prepare
    const before = acknowledged;
    const changed = collect(client.subscriptions.onIncidentChanged({ serviceId: serviceIds[0] }) as unknown as Observable<{ id: string; serviceId: string; status: string }>);
    await acked(before, 1);

    // Act: an alert on the other service, then one on ours, then its acknowledgement.
    const other = await client.mutations.reportAlert({ fingerprint: 'search-latency', serviceId: serviceIds[1], title: 'Search slow', severity: 'SEV3' }, { headers: asB });
    const ours = await client.mutations.reportAlert({ fingerprint: 'checkout-5xx', serviceId: serviceIds[0], title: 'Checkout 5xx', severity: 'SEV2' }, { headers: asB });
    expect(other.errors).toBeUndefined();
    expect(ours.errors).toBeUndefined();
    await client.mutations.acknowledgeIncident({ incidentId: ours.data!.id }, { headers: asB });
    await changed.until(() => changed.values.length >= 2, 'the alert and the acknowledgement');
    await settle();

    // Assess
    expect(changed.values.map((v) => [v.serviceId, v.status])).toEqual([
      [serviceIds[0], 'TRIGGERED'],
      [serviceIds[0], 'ACKNOWLEDGED'],
    ]);
    changed.stop();
  });

  it('gives an API-key subscriber public fields only', async () => {
    // Prepare
    const query = /* GraphQL */ `subscription { onIncidentChanged { id title status description commander fingerprint } }`;
    const before = acknowledged;
    const publicView = collect(client.graphql({ query, authMode: 'apiKey' }) as unknown as Observable<{ data: { onIncidentChanged: Record<string, unknown> } }>);
    await acked(before, 1);

    // Act
    await client.mutations.reportAlert(
      { fingerprint: 'public-check', serviceId: serviceIds[0], title: 'Public title', severity: 'SEV2', description: 'internal notes' },
      { headers: asB },
    );
    await publicView.until(() => publicView.values.length >= 1, 'the public message');

    // Assess
    expect(publicView.values[0].data.onIncidentChanged).toMatchObject({ title: 'Public title', status: 'TRIGGERED', description: null, commander: null, fingerprint: null });
    publicView.stop();
  });
});

describe('who may see what', () => {
  it('a signed-in user in no group is refused incident subscriptions and never sees incidents', async () => {
    // Prepare
    await signInAs('nobody@example.com');
    const refused = collect(client.models.Incident.onCreate() as unknown as Observable<unknown>);
    await refused.until(() => refused.errors.length > 0, 'the refusal');

    // Act
    await client.models.Incident.create(incident({ title: 'not for nobody' }), { headers: asB });
    await settle();

    // Assess
    expect(refused.values).toEqual([]);
    expect(JSON.stringify(refused.errors)).toMatch(/Unauthorized|Not Authorized/);
    refused.stop();
    await signInAs('a@example.com');
  });
});
