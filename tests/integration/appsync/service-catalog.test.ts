/**
 * The rules people's text meets in the backend, not only in the app's forms: addService /
 * editService (service-catalog Lambda) keep names unique without regard to case or spacing and
 * apply the same trimming and limits as the form; postStatusUpdate and scheduleMaintenance
 * (APPSYNC_JS) do the same for public updates and maintenance windows, which the public API
 * key reads (without the author).
 */
import { Amplify } from 'aws-amplify';
import { getCurrentUser } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { TEXT_LIMITS } from '../../../amplify/domain/text-limits';
import type { LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { createUser, signInAs } from '../../helpers/flare-users';
import { startFlareCloud } from './helpers';

let cloud: LocalCloud;
const client = generateClient<Schema>();
const publicKey = { authMode: 'apiKey' } as const;

beforeAll(async () => {
  cloud = await startFlareCloud(['iam', 'dynamodb', 'cognito', 'cognito-identity', 'ssm', 'lambda', 'appsync']);
  Amplify.configure(amplifyConfig(cloud.outputs));
  await createUser(cloud, 'admin@example.com', ['ADMINS']);
  await signInAs('admin@example.com');
});
afterAll(() => cloud?.stop());

const messages = (result: { errors?: readonly { message: string }[] | null }) => result.errors?.map((e) => e.message) ?? [];

describe('addService / editService', () => {
  it('stores trimmed text and refuses a name another service has, whatever its case or spacing', async () => {
    // Act
    const first = await client.mutations.addService({ name: '  Checkout   API ', description: ' Carts ', group: ' Commerce ' });
    const again = await client.mutations.addService({ name: 'checkout api' });

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data).toMatchObject({ name: 'Checkout   API', description: 'Carts', group: 'Commerce', status: 'OPERATIONAL' });
    expect(messages(again)).toEqual(['A service named "checkout api" already exists: choose another name']);
    const listed = await client.models.Service.list(publicKey);
    expect(listed.data.filter((s) => s.name.toLowerCase().startsWith('checkout'))).toHaveLength(1);
  });

  it('refuses names that are blank or over the limit, as the form does', async () => {
    const blank = await client.mutations.addService({ name: ' \t ' });
    const long = await client.mutations.addService({ name: 'x'.repeat(TEXT_LIMITS.serviceName + 1) });
    expect(messages(blank)).toEqual(['Name is required']);
    expect(messages(long)).toEqual([`Name is at most ${TEXT_LIMITS.serviceName} characters (got ${TEXT_LIMITS.serviceName + 1})`]);
  });

  it('edits a service, keeping what the edit does not name, and refuses a rename onto another name', async () => {
    // Prepare
    const search = (await client.mutations.addService({ name: 'Search', description: 'Full-text search' })).data!;
    await client.mutations.addService({ name: 'Billing' });

    // Act
    const degraded = await client.mutations.editService({ id: search.id, status: 'DEGRADED' });
    const clash = await client.mutations.editService({ id: search.id, name: ' BILLING ' });
    const sameName = await client.mutations.editService({ id: search.id, name: 'search' });
    const missing = await client.mutations.editService({ id: 'no-such-service', status: 'DEGRADED' });

    // Assess
    expect(degraded.data).toMatchObject({ name: 'Search', description: 'Full-text search', status: 'DEGRADED' });
    expect(messages(clash)).toEqual(['A service named "BILLING" already exists: choose another name']);
    expect(sameName.data?.name).toBe('search');
    expect(messages(missing)).toEqual(['Service no-such-service no longer exists']);
  });
});

describe('service names under concurrency', () => {
  it('lets exactly one of several simultaneous adds with one name through', async () => {
    // Act
    const results = await Promise.all(['Queue', 'queue', ' QUEUE ', 'Queue', 'queue  '].map((name) => client.mutations.addService({ name })));

    // Assess
    expect(results.filter((r) => r.data).length).toBe(1);
    for (const failed of results.filter((r) => !r.data)) expect(messages(failed)[0]).toMatch(/^A service named ".*" already exists/);
    const listed = await client.models.Service.list(publicKey);
    expect(listed.data.filter((s) => s.name.trim().toLowerCase() === 'queue')).toHaveLength(1);
  });

  it('lets one of a simultaneous rename and add onto one name through, and frees a renamed-away name', async () => {
    // Prepare
    const mailer = (await client.mutations.addService({ name: 'Mailer' })).data!;

    // Act
    const [renamed, added] = await Promise.all([
      client.mutations.editService({ id: mailer.id, name: 'Notifications' }),
      client.mutations.addService({ name: 'notifications' }),
    ]);
    const reused = await client.mutations.addService({ name: renamed.data ? 'Mailer' : 'Mailer 2' });

    // Assess
    expect([renamed.data, added.data].filter(Boolean)).toHaveLength(1);
    expect(reused.errors).toBeUndefined();
  });

  it('gives the name of a deleted service to the next service that asks for it', async () => {
    // Prepare: the model's own delete (an admin's) knows nothing of the name's claim
    const legacy = (await client.mutations.addService({ name: 'Legacy API' })).data!;
    await client.models.Service.delete({ id: legacy.id });

    // Act
    const again = await client.mutations.addService({ name: 'legacy api' });

    // Assess
    expect(again.errors).toBeUndefined();
    expect(again.data?.name).toBe('legacy api');
  });
});

describe('public updates and maintenance windows', () => {
  it('a responder posts a public update; the public reads it without its author', async () => {
    // Prepare
    const service = (await client.mutations.addService({ name: 'Payments' })).data!;
    const incident = (await client.models.Incident.create({ title: 'Card declines', severity: 'SEV2', status: 'TRIGGERED', serviceId: service.id, triggeredAt: new Date().toISOString() })).data!;

    // Act
    const posted = await client.mutations.postStatusUpdate({ incidentId: incident.id, status: 'IDENTIFIED', message: '  We found the cause.  ' });
    const blank = await client.mutations.postStatusUpdate({ incidentId: incident.id, status: 'MONITORING', message: '   ' });
    const long = await client.mutations.postStatusUpdate({ incidentId: incident.id, status: 'MONITORING', message: 'x'.repeat(TEXT_LIMITS.statusUpdate + 1) });

    // Assess
    expect(posted.errors).toBeUndefined();
    // The author is the caller's e-mail where the token carries it, else the username (the
    // access token aws-amplify sends has no e-mail claim), as for notes.
    expect(posted.data).toMatchObject({ status: 'IDENTIFIED', message: 'We found the cause.', author: (await getCurrentUser()).username });
    expect(messages(blank)).toEqual(['A public update needs a message']);
    expect(messages(long)).toEqual([`A public update is at most ${TEXT_LIMITS.statusUpdate} characters (got ${TEXT_LIMITS.statusUpdate + 1})`]);
    const seen = await client.models.StatusUpdate.listStatusUpdatesByIncident({ incidentId: incident.id }, { ...publicKey, selectionSet: ['id', 'message', 'status', 'postedAt'] });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.map((u) => u.message)).toEqual(['We found the cause.']);
    const author = await client.models.StatusUpdate.listStatusUpdatesByIncident({ incidentId: incident.id }, { ...publicKey, selectionSet: ['id', 'author'] });
    expect(author.errors?.[0]?.message).toMatch(/Not Authorized to access author on type StatusUpdate/);
  });

  it('an admin schedules maintenance ahead of time; windows that end first or in the past are refused', async () => {
    const service = (await client.mutations.addService({ name: 'Sign-in' })).data!;
    const hour = 3_600_000;
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();

    const planned = await client.mutations.scheduleMaintenance({ title: ' Database upgrade ', startsAt: at(24 * hour), endsAt: at(25 * hour), serviceIds: [service.id] });
    const backwards = await client.mutations.scheduleMaintenance({ title: 'Backwards', startsAt: at(2 * hour), endsAt: at(hour), serviceIds: [service.id] });
    const past = await client.mutations.scheduleMaintenance({ title: 'Past', startsAt: at(-2 * hour), endsAt: at(-hour), serviceIds: [service.id] });
    const none = await client.mutations.scheduleMaintenance({ title: 'Nothing', startsAt: at(hour), endsAt: at(2 * hour), serviceIds: [] });

    expect(planned.data).toMatchObject({ title: 'Database upgrade', serviceIds: [service.id] });
    expect(messages(backwards)).toEqual(['A maintenance window must end after it starts']);
    expect(messages(past)).toEqual(['A maintenance window must end in the future']);
    expect(messages(none)).toEqual(['Choose at least one affected service']);
    const listed = await client.models.MaintenanceWindow.list(publicKey);
    expect(listed.data.map((w) => w.title)).toEqual(['Database upgrade']);
  });
});
