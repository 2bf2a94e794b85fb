/**
 * Demo data for `npm run dev`: two demo logins and a few services and incidents
 * in each state. Goes through the real APIs (Cognito admin API with the local
 * root credentials, then AppSync as the admin user), so it exercises what the
 * app uses.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../amplify/data/resource';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalCloud, Logger } from 'flare-local';
import { amplifyConfig } from 'flare-local/client';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

interface SeedTarget {
  endpoint: string;
  outputs: { auth?: { user_pool_id?: string; aws_region?: string } } & Record<string, unknown>;
  rootCredentials: { accessKeyId: string; secretAccessKey: string };
}

async function createUsers(target: SeedTarget): Promise<void> {
  const userPoolId = target.outputs.auth?.user_pool_id;
  if (!userPoolId) throw new Error('The backend has no user pool: nothing to seed users into');
  const cognito = new CognitoIdentityProviderClient({
    endpoint: target.endpoint,
    region: target.outputs.auth?.aws_region ?? 'us-east-1',
    credentials: target.rootCredentials,
  });
  for (const user of DEMO_USERS) {
    try {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw error;
    }
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.email, Password: DEMO_PASSWORD, Permanent: true }));
    for (const group of user.groups) {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: group }));
    }
  }
}

function must<T>(result: { data: T; errors?: readonly { message: string }[] | null }, what: string): NonNullable<T> {
  if (result.errors?.length || !result.data) {
    throw new Error(`Seeding ${what} failed: ${result.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return result.data as NonNullable<T>;
}

async function createData(target: SeedTarget): Promise<{ services: number; incidents: number }> {
  Amplify.configure(amplifyConfig(target.outputs));
  await signIn({ username: DEMO_USERS[0].email, password: DEMO_PASSWORD });
  try {
    const client = generateClient<Schema>();
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
    const checkout = must(await client.mutations.addService({ name: 'Checkout API', description: 'Carts, payments and orders', group: 'Commerce', status: 'DEGRADED' }), 'a service');
    const auth = must(await client.mutations.addService({ name: 'Sign-in', description: 'Customer accounts and sessions', group: 'Accounts', status: 'OPERATIONAL' }), 'a service');
    const incidents = [
      { service: checkout, title: 'Elevated 5xx on POST /orders', severity: 'SEV2', status: 'TRIGGERED', triggeredAt: minutesAgo(3), fingerprint: 'checkout-5xx' },
      { service: checkout, title: 'Payment provider latency above 2 s', severity: 'SEV3', status: 'ACKNOWLEDGED', triggeredAt: minutesAgo(40), acknowledgedAt: minutesAgo(32), fingerprint: 'payments-latency', commander: DEMO_USERS[1].email },
      { service: auth, title: 'Password reset e-mails delayed', severity: 'SEV4', status: 'RESOLVED', triggeredAt: minutesAgo(300), acknowledgedAt: minutesAgo(290), resolvedAt: minutesAgo(240), fingerprint: 'reset-mail-delay', resolution: 'Mail provider queue drained; added an alert on queue depth.' },
      { service: auth, title: 'Sign-in outage in eu-west-1', severity: 'SEV1', status: 'RESOLVED', triggeredAt: minutesAgo(2000), acknowledgedAt: minutesAgo(1996), resolvedAt: minutesAgo(1950), fingerprint: 'signin-euw1', resolution: 'Rolled back the session-store deploy.' },
    ] as const;
    for (const { service, ...incident } of incidents) {
      const created = must(
        await client.models.Incident.create({ ...incident, serviceId: service.id, description: `Seeded demo incident: ${incident.title}.`, source: 'demo seed', alertCount: 1, escalationLevel: 0 }),
        'an incident',
      );
      const events: { kind: Schema['TimelineEvent']['type']['kind']; message: string; createdAt: string }[] = [
        { kind: 'TRIGGERED', message: `Triggered: ${incident.title}`, createdAt: incident.triggeredAt },
      ];
      if ('acknowledgedAt' in incident) events.push({ kind: 'ACKNOWLEDGED', message: 'Acknowledged', createdAt: incident.acknowledgedAt });
      if ('resolvedAt' in incident) events.push({ kind: 'RESOLVED', message: incident.resolution, createdAt: incident.resolvedAt });
      for (const event of events) {
        must(await client.models.TimelineEvent.create({ incidentId: created.id, author: 'demo seed', ...event }), 'a timeline event');
      }
      if (incident.status === 'ACKNOWLEDGED') {
        must(await client.mutations.postStatusUpdate({ incidentId: created.id, status: 'IDENTIFIED', message: 'Card payments are slower than usual. We have found the cause with our payment provider and are working on it.' }), 'a public update');
      }
    }
    // Planned work a day ahead, announced on the status page.
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(2, 0, 0, 0);
    must(
      await client.mutations.scheduleMaintenance({
        title: 'Sign-in database upgrade',
        description: 'Sign-in may be unavailable for up to 15 minutes.',
        startsAt: tomorrow.toISOString(),
        endsAt: new Date(tomorrow.getTime() + 3_600_000).toISOString(),
        serviceIds: [auth.id],
      }),
      'a maintenance window',
    );
    return { services: 2, incidents: incidents.length };
  } finally {
    await signOut();
  }
}

/**
 * Seeds the demo logins and data into a running local cloud.
 * @example await seedDemoData({ endpoint, outputs, rootCredentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 */
export async function seedDemoData(target: SeedTarget): Promise<{ services: number; incidents: number }> {
  await createUsers(target);
  return createData(target);
}

/**
 * Seeds a local cloud once per state directory (a marker file remembers it); an
 * in-memory cloud is seeded every time. Returns what was created, or null.
 */
export async function seedOnce(cloud: LocalCloud): Promise<{ services: number; incidents: number } | null> {
  const marker = cloud.stateDir ? path.join(cloud.stateDir, 'seeded.json') : undefined;
  if (marker && existsSync(marker)) return null;
  const counts = await seedDemoData({ endpoint: cloud.endpoint, outputs: cloud.outputs as never, rootCredentials: cloud.rootCredentials });
  if (marker) await writeFile(marker, JSON.stringify({ at: new Date().toISOString(), ...counts }));
  return counts;
}

/**
 * `flare-local --seed scripts/seed.ts` (what `npm run local` passes): the demo logins and
 * data, once per state directory.
 */
export async function seed(cloud: LocalCloud, log: Logger): Promise<void> {
  const counts = await seedOnce(cloud);
  if (counts) log.done(`seeded ${counts.services} services and ${counts.incidents} incidents; logins ${DEMO_USERS.map((u) => u.email).join(', ')} / ${DEMO_PASSWORD}`);
}
