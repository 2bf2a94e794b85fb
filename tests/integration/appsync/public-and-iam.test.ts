/**
 * Flare's generated API through the real aws-amplify v6 data client: the public API key
 * (the status page) and IAM callers (the root, and a function's role as
 * `getAmplifyDataClientConfig` signs with it). Generated VTL, auth steps included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { configureAmplify, functionRoleCredentials, generateClient, startFlareCloud } from './helpers';
import type { Schema } from '../../../amplify/data/resource';
import type { Credentials } from '../../../local/iam/types';

let cloud: LocalCloud;
let signer: Credentials;
// Generated before configuration, as an app's module-level client is.
const iam = generateClient<Schema>({ authMode: 'iam' });
const publicClient = generateClient<Schema>({ authMode: 'apiKey' });
let serviceId: string;

beforeAll(async () => {
  cloud = await startFlareCloud(['iam', 'dynamodb', 'cognito-identity', 'appsync']);
  signer = { accessKeyId: 'test', secretAccessKey: 'test' };
  configureAmplify(cloud, () => signer);
  const service = await iam.models.Service.create({ name: 'Checkout', status: 'OPERATIONAL' });
  expect(service.errors).toBeUndefined();
  serviceId = service.data!.id;
});
afterAll(() => cloud?.stop());

const incident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Checkout down',
  severity: 'SEV1' as const,
  status: 'TRIGGERED' as const,
  serviceId,
  triggeredAt: new Date().toISOString(),
  description: 'internal notes',
  commander: 'alice',
  fingerprint: 'fp-1',
  ...overrides,
});

describe('IAM callers', () => {
  it('the root creates and reads any model', async () => {
    const created = await iam.models.Incident.create(incident());
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({ title: 'Checkout down', status: 'TRIGGERED', serviceId });
    const read = await iam.models.Incident.get({ id: created.data!.id });
    expect(read.data).toMatchObject({ description: 'internal notes', commander: 'alice' });
  });

  it('a function role with allow.resource() reads and writes through its appsync:GraphQL policy', async () => {
    signer = functionRoleCredentials(cloud, 'escalatelambdaServiceRole');
    try {
      const created = await iam.models.Incident.create(incident({ title: 'From escalate' }));
      expect(created.errors).toBeUndefined();
      const listed = await iam.models.Incident.listIncidentsByStatus({ status: 'TRIGGERED' });
      expect(listed.data.map((i) => i.title)).toContain('From escalate');
    } finally {
      signer = { accessKeyId: 'test', secretAccessKey: 'test' };
    }
  });

  it('a role without appsync:GraphQL is refused the whole request (HTTP 401, which aws-amplify reports as Unauthorized)', async () => {
    signer = functionRoleCredentials(cloud, 'incidentstatslambdaServiceRole');
    try {
      const listed = await iam.models.Service.list();
      expect(listed.data).toEqual([]);
      expect(listed.errors).toEqual([expect.objectContaining({ message: 'Unauthorized' })]);
    } finally {
      signer = { accessKeyId: 'test', secretAccessKey: 'test' };
    }
  });
});

describe('public API key', () => {
  it('reads public fields of services and incidents, with relations', async () => {
    const services = await publicClient.models.Service.list();
    expect(services.errors).toBeUndefined();
    expect(services.data.map((s) => s.name)).toContain('Checkout');
    const { data } = await publicClient.models.Service.get({ id: serviceId }, { selectionSet: ['name', 'incidents.*'] });
    expect(data?.name).toBe('Checkout');
  });

  it('a public read of an internal field is denied and nulled, the rest of the incident returned', async () => {
    const created = await iam.models.Incident.create(incident({ title: 'Public view' }));
    const read = await publicClient.models.Incident.get({ id: created.data!.id }, { selectionSet: ['id', 'title', 'severity', 'description'] });
    expect(read.data).toMatchObject({ id: created.data!.id, title: 'Public view', severity: 'SEV1', description: null });
    expect(read.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access description on type Incident', path: ['getIncident', 'description'] })]);
  });

  it('cannot create, update or delete', async () => {
    const created = await publicClient.models.Incident.create(incident({ title: 'Nope' }));
    expect(created.data).toBeNull();
    expect(created.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access createIncident on type Mutation' });
  });

  it('cannot read timeline events or call reportAlert', async () => {
    const events = await publicClient.models.TimelineEvent.list();
    expect(events.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access listTimelineEvents on type Query' });
  });
});

describe('queries', () => {
  it('secondary-index queries with sort-key conditions, filters, limit and nextToken', async () => {
    const base = Date.parse('2026-03-01T00:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      const created = await iam.models.Incident.create(incident({ title: `Paged ${i}`, status: 'ACKNOWLEDGED', severity: i % 2 ? 'SEV2' : 'SEV3', triggeredAt: new Date(base + i * 60_000).toISOString() }));
      expect(created.errors).toBeUndefined();
    }
    const after = new Date(base + 60_000).toISOString();
    const ranged = await publicClient.models.Incident.listIncidentsByStatus({ status: 'ACKNOWLEDGED', triggeredAt: { gt: after } }, { sortDirection: 'DESC' });
    expect(ranged.data.map((i) => i.title)).toEqual(['Paged 4', 'Paged 3', 'Paged 2']);
    const filtered = await publicClient.models.Incident.listIncidentsByStatus({ status: 'ACKNOWLEDGED' }, { filter: { severity: { eq: 'SEV2' } } });
    expect(filtered.data.map((i) => i.title).sort()).toEqual(['Paged 1', 'Paged 3']);
    const first = await publicClient.models.Incident.listIncidentsByStatus({ status: 'ACKNOWLEDGED' }, { limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(typeof first.nextToken).toBe('string');
    const second = await publicClient.models.Incident.listIncidentsByStatus({ status: 'ACKNOWLEDGED' }, { limit: 2, nextToken: first.nextToken });
    expect(second.data.map((i) => i.title)).toEqual(['Paged 2', 'Paged 3']);
  });

  it('a conditional update that fails is DynamoDB:ConditionalCheckFailedException and changes nothing', async () => {
    const created = await iam.models.Incident.create(incident({ title: 'Conditional' }));
    // aws-amplify rejects with the response when it carries errors.
    const updated = (await Promise.resolve(iam.graphql({
      query: 'mutation($input: UpdateIncidentInput!, $condition: ModelIncidentConditionInput) { updateIncident(input: $input, condition: $condition) { id status } }',
      variables: { input: { id: created.data!.id, status: 'RESOLVED' }, condition: { status: { eq: 'ACKNOWLEDGED' } } },
    })).catch((failure: unknown) => failure)) as { data: { updateIncident: unknown }; errors: { errorType: string; message: string }[] };
    expect(updated.data.updateIncident).toBeNull();
    expect(updated.errors[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException' });
    expect(updated.errors[0].message).toMatch(/^The conditional request failed/);
    expect((await iam.models.Incident.get({ id: created.data!.id })).data?.status).toBe('TRIGGERED');
  });
});
