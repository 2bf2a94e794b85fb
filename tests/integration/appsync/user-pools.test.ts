/**
 * The user-pool half of Flare's access-control matrix, through the real aws-amplify v6
 * `generateClient<Schema>()` signed in with the real local user pool (SRP), executing the
 * generated resolvers (auth VTL included) and the APPSYNC_JS `addNote`:
 * groups on Incident, owner rules on TimelineEvent, field-level rules on Incident's
 * internal fields, relations and their auth, conditional updates, limit/nextToken.
 * Several users act through one client: each call carries that user's access token.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import type { LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { accessToken, createUser, signInAs } from '../../helpers/flare-users';
import { startFlareCloud } from './helpers';

type IncidentInput = Schema['Incident']['createType'];

let cloud: LocalCloud;
// Generated before configuration, as an app's module-level client is.
const client = generateClient<Schema>();
/** Per-call options acting as one user: `{ headers: { Authorization: <access token> } }`. */
const as: Record<'admin' | 'a' | 'b' | 'nobody', { headers: { Authorization: string } }> = {
  admin: { headers: { Authorization: '' } },
  a: { headers: { Authorization: '' } },
  b: { headers: { Authorization: '' } },
  nobody: { headers: { Authorization: '' } },
};
const publicKey = { authMode: 'apiKey' } as const;
let serviceId: string;

/** The internal fields of Incident: field-level rules give them to RESPONDERS and ADMINS only. */
const INTERNAL_FIELDS = ['description', 'commander', 'fingerprint', 'resolution', 'source', 'escalationLevel', 'alertCount'] as const;

/** aws-amplify rejects a raw `client.graphql` call whose response carries errors; this returns the response either way. */
function settled(call: unknown): Promise<unknown> {
  return Promise.resolve(call).catch((failure: unknown) => failure);
}

/** updateIncident with a condition, as responder A, sent raw so that a failed condition's response can be read. */
function conditionalStatusUpdate(id: string, status: string, condition: Record<string, unknown>): Promise<unknown> {
  return settled(client.graphql({
    query: 'mutation($input: UpdateIncidentInput!, $condition: ModelIncidentConditionInput) { updateIncident(input: $input, condition: $condition) { id status } }',
    variables: { input: { id, status }, condition },
    ...as.a,
  }));
}

const incident = (overrides: Partial<IncidentInput> = {}): IncidentInput => ({
  title: 'Checkout 5xx',
  severity: 'SEV2',
  status: 'TRIGGERED',
  serviceId,
  triggeredAt: new Date().toISOString(),
  ...overrides,
});

beforeAll(async () => {
  // Lambda (and the SSM its functions read at start) for addService, which keeps names unique.
  cloud = await startFlareCloud(['iam', 'dynamodb', 'cognito', 'cognito-identity', 'ssm', 'lambda', 'appsync']);
  Amplify.configure(amplifyConfig(cloud.outputs));
  await createUser(cloud, 'admin@example.com', ['ADMINS']);
  await createUser(cloud, 'a@example.com', ['RESPONDERS']);
  await createUser(cloud, 'b@example.com', ['RESPONDERS']);
  await createUser(cloud, 'nobody@example.com');
  for (const [user, email] of [['admin', 'admin@example.com'], ['b', 'b@example.com'], ['nobody', 'nobody@example.com'], ['a', 'a@example.com']] as const) {
    await signInAs(email);
    as[user].headers.Authorization = await accessToken();
  }
  // Signed in as a@example.com from here on.
  const service = await client.mutations.addService({ name: 'Checkout', status: 'OPERATIONAL' }, as.admin);
  if (service.errors || !service.data) throw new Error(`service: ${JSON.stringify(service.errors)}`);
  serviceId = service.data.id;
});
afterAll(() => cloud?.stop());

describe('groups on Incident', () => {
  it('RESPONDERS create, read and update incidents', async () => {
    // Act
    const created = await client.models.Incident.create(incident({ title: 'Created by A', description: 'internal' }), as.a);
    const read = await client.models.Incident.get({ id: created.data!.id }, as.b);
    const updated = await client.models.Incident.update({ id: created.data!.id, commander: 'b@example.com', status: 'ACKNOWLEDGED' }, as.b);
    const reread = await client.models.Incident.get({ id: created.data!.id }, as.a);

    // Assess
    expect(created.errors).toBeUndefined();
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({ title: 'Created by A', description: 'internal', status: 'TRIGGERED' });
    expect(updated.errors).toBeUndefined();
    expect(reread.data).toMatchObject({ status: 'ACKNOWLEDGED', commander: 'b@example.com' });
  });

  it('an explicit null for an optional field (commander: null) is written as DynamoDB\'s null, as on AWS', async () => {
    // Act
    const created = await client.models.Incident.create(incident({ title: 'No commander yet', commander: null, description: null }), as.a);
    const read = await client.models.Incident.get({ id: created.data!.id }, as.a);

    // Assess
    expect(created.errors).toBeUndefined();
    expect(read.data).toMatchObject({ title: 'No commander yet', commander: null, description: null });
    const table = cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').map((t) => String(t.properties().tableName)).find((name) => name.startsWith('Incident-'))!;
    const stored = await cloud.services.get<import('../../../local/dynamodb/types').DynamoDBService>('dynamodb').call('GetItem', { TableName: table, Key: { id: { S: created.data!.id } } });
    expect((stored.Item as Record<string, unknown>).commander).toEqual({ NULL: true });
  });

  it('a mutation result nulls the field-protected values, as the generated field resolvers do', async () => {
    const created = await client.models.Incident.create(incident({ description: 'internal', commander: 'a' }), as.a);
    expect(created.data).toMatchObject({ description: null, commander: null, title: 'Checkout 5xx' });
    expect((await client.models.Incident.get({ id: created.data!.id }, as.a)).data).toMatchObject({ description: 'internal', commander: 'a' });
  });

  it('RESPONDERS may not delete an incident; ADMINS may', async () => {
    // Prepare
    const { data } = await client.models.Incident.create(incident({ title: 'To delete' }), as.a);

    // Act
    const refused = await client.models.Incident.delete({ id: data!.id }, as.b);
    const deleted = await client.models.Incident.delete({ id: data!.id }, as.admin);

    // Assess
    expect(refused.data).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access deleteIncident on type Mutation', path: ['deleteIncident'] }),
    ]);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data).toMatchObject({ id: data!.id });
    expect((await client.models.Incident.get({ id: data!.id }, as.a)).data).toBeNull();
  });

  it('ADMINS create, update and read every field', async () => {
    const created = await client.models.Incident.create(incident({ title: 'Admin made', resolution: 'n/a' }), as.admin);
    const updated = await client.models.Incident.update({ id: created.data!.id, escalationLevel: 2 }, as.admin);
    expect(created.errors).toBeUndefined();
    expect(updated.errors).toBeUndefined();
    expect((await client.models.Incident.get({ id: created.data!.id }, as.admin)).data).toMatchObject({ resolution: 'n/a', escalationLevel: 2 });
  });

  it('a signed-in user in no group may not list, read, create or update incidents', async () => {
    // Prepare
    const { data: existing } = await client.models.Incident.create(incident({ title: 'Not for nobody' }), as.a);

    // Act
    const listed = await client.models.Incident.list(as.nobody);
    const read = await client.models.Incident.get({ id: existing!.id }, as.nobody);
    const created = await client.models.Incident.create(incident(), as.nobody);
    const updated = await client.models.Incident.update({ id: existing!.id, title: 'hijacked' }, as.nobody);

    // Assess
    const denial = (field: string, type: string) => [expect.objectContaining({ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${type}`, path: [field] })];
    expect(listed.errors).toEqual(denial('listIncidents', 'Query'));
    expect(read.errors).toEqual(denial('getIncident', 'Query'));
    expect(read.data).toBeNull();
    expect(created.errors).toEqual(denial('createIncident', 'Mutation'));
    expect(updated.errors).toEqual(denial('updateIncident', 'Mutation'));
    expect((await client.models.Incident.get({ id: existing!.id }, as.a)).data?.title).toBe('Not for nobody');
  });

  it('ADMINS write services through addService; RESPONDERS and users in no group only read them', async () => {
    const refused = await client.models.Service.create({ name: 'Shadow', status: 'DEGRADED' }, as.a);
    expect(refused.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access createService on type Mutation' })]);
    // Not even admins write the model directly: names are kept unique by addService / editService.
    const direct = await client.models.Service.create({ name: 'Shadow', status: 'DEGRADED' }, as.admin);
    expect(direct.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access createService on type Mutation' })]);
    const viaMutation = await client.mutations.addService({ name: 'Shadow', status: 'DEGRADED' }, as.a);
    expect(viaMutation.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access addService on type Mutation' })]);
    const read = await client.models.Service.get({ id: serviceId }, as.nobody);
    expect(read.errors).toBeUndefined();
    expect(read.data?.name).toBe('Checkout');
  });
});

describe('owner rules on TimelineEvent', () => {
  it('the owner of a note updates and deletes it; another responder reads it but may not change it', async () => {
    // Prepare: addNote stamps the caller as owner ("<sub>::<username>").
    const { data: target } = await client.models.Incident.create(incident({ title: 'Noted' }), as.a);
    const note = await client.mutations.addNote({ incidentId: target!.id, message: 'first look: DB CPU' }, as.a);
    expect(note.errors).toBeUndefined();
    const id = note.data!.id;

    // Act
    const readByB = await client.models.TimelineEvent.get({ id }, as.b);
    const updateByB = await client.models.TimelineEvent.update({ id, message: 'rewritten by B' }, as.b);
    const deleteByB = await client.models.TimelineEvent.delete({ id }, as.b);
    const updateByOwner = await client.models.TimelineEvent.update({ id, message: 'first look: DB CPU at 95%' }, as.a);

    // Assess
    expect(readByB.errors).toBeUndefined();
    expect(readByB.data).toMatchObject({ id, message: 'first look: DB CPU', kind: 'NOTE' });
    expect(updateByB.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access updateTimelineEvent on type Mutation' })]);
    expect(deleteByB.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access deleteTimelineEvent on type Mutation' })]);
    expect(updateByOwner.errors).toBeUndefined();
    expect((await client.models.TimelineEvent.get({ id }, as.b)).data?.message).toBe('first look: DB CPU at 95%');

    const deleteByOwner = await client.models.TimelineEvent.delete({ id }, as.a);
    expect(deleteByOwner.errors).toBeUndefined();
    expect((await client.models.TimelineEvent.get({ id }, as.a)).data).toBeNull();
  });

  it('the owner field reads back as the username; ADMINS delete anyone’s note', async () => {
    const { data: target } = await client.models.Incident.create(incident({ title: 'Admin tidies' }), as.a);
    const note = await client.mutations.addNote({ incidentId: target!.id, message: 'by B' }, as.b);
    const bClaims = JSON.parse(Buffer.from(as.b.headers.Authorization.split('.')[1], 'base64url').toString()) as { username: string };
    expect((await client.models.TimelineEvent.get({ id: note.data!.id }, as.a)).data?.owner).toBe(bClaims.username);
    const deleted = await client.models.TimelineEvent.delete({ id: note.data!.id }, as.admin);
    expect(deleted.errors).toBeUndefined();
  });

  it('responders create events; users in no group and the public may not read them', async () => {
    const { data: target } = await client.models.Incident.create(incident({ title: 'Events' }), as.a);
    const created = await client.models.TimelineEvent.create({ incidentId: target!.id, kind: 'ALERT', message: 'pager' }, as.b);
    expect(created.errors).toBeUndefined();
    const byNobody = await client.models.TimelineEvent.get({ id: created.data!.id }, as.nobody);
    expect(byNobody.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access getTimelineEvent on type Query' })]);
    const byPublic = await client.models.TimelineEvent.get({ id: created.data!.id }, publicKey);
    expect(byPublic.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access getTimelineEvent on type Query' })]);
  });
});

describe('field-level rules on Incident', () => {
  it('the public API key reads each internal field as null with "Not Authorized to access <field> on type Incident"', async () => {
    // Prepare: every internal field set.
    const { data } = await client.models.Incident.create(
      incident({ title: 'Public view', description: 'db failover', commander: 'a@example.com', fingerprint: 'fp-db', resolution: 'failed back', source: 'pager', escalationLevel: 1, alertCount: 3 }),
      as.a,
    );

    // Act
    const read = await client.models.Incident.get({ id: data!.id }, { ...publicKey, selectionSet: ['id', 'title', 'severity', 'status', 'triggeredAt', ...INTERNAL_FIELDS] });

    // Assess
    expect(read.data).toMatchObject({ id: data!.id, title: 'Public view', severity: 'SEV2', status: 'TRIGGERED' });
    for (const field of INTERNAL_FIELDS) expect(read.data![field]).toBeNull();
    expect(read.errors).toHaveLength(INTERNAL_FIELDS.length);
    expect(new Set(read.errors!.map((e) => e.message))).toEqual(new Set(INTERNAL_FIELDS.map((field) => `Not Authorized to access ${field} on type Incident`)));
    for (const error of read.errors!) {
      expect(error).toMatchObject({ errorType: 'Unauthorized', path: ['getIncident', (error.message.match(/access (\w+) on/) ?? [])[1]] });
    }
  });

  it('RESPONDERS read every internal field', async () => {
    const { data } = await client.models.Incident.create(incident({ description: 'd', commander: 'c', fingerprint: 'f', resolution: 'r', source: 's', escalationLevel: 4, alertCount: 5 }), as.a);
    const read = await client.models.Incident.get({ id: data!.id }, { ...as.b, selectionSet: ['id', ...INTERNAL_FIELDS] });
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({ description: 'd', commander: 'c', fingerprint: 'f', resolution: 'r', source: 's', escalationLevel: 4, alertCount: 5 });
  });

  it('a public list keeps every incident and nulls the internal field in each', async () => {
    const listed = await client.models.Incident.listIncidentsByService({ serviceId }, { ...publicKey, selectionSet: ['id', 'title', 'commander'] });
    expect(listed.data.length).toBeGreaterThan(1);
    expect(listed.data.every((i) => i.title && i.commander === null)).toBe(true);
    expect(listed.errors).toHaveLength(listed.data.length);
    expect(listed.errors!.every((e) => e.message === 'Not Authorized to access commander on type Incident')).toBe(true);
  });
});

describe('relations and their auth', () => {
  let relatedId: string;
  beforeAll(async () => {
    const { data } = await client.models.Incident.create(incident({ title: 'Related', commander: 'a@example.com' }), as.a);
    relatedId = data!.id;
    await client.mutations.addNote({ incidentId: relatedId, message: 'looking' }, as.a);
    await client.mutations.addNote({ incidentId: relatedId, message: 'mitigated' }, as.b);
  });

  it('Incident.service (belongsTo): the public and responders read the incident’s service', async () => {
    for (const options of [publicKey, as.b]) {
      const read = await client.models.Incident.get({ id: relatedId }, { ...options, selectionSet: ['id', 'service.id', 'service.name'] });
      expect(read.errors).toBeUndefined();
      expect(read.data?.service).toEqual({ id: serviceId, name: 'Checkout' });
    }
  });

  it('Incident.timeline (hasMany): responders list the events; the public is refused the field', async () => {
    const asResponder = await client.models.Incident.get({ id: relatedId }, { ...as.b, selectionSet: ['id', 'timeline.message', 'timeline.kind'] });
    expect(asResponder.errors).toBeUndefined();
    expect(asResponder.data!.timeline.map((e) => e.message).sort()).toEqual(['looking', 'mitigated']);

    const asPublic = await client.models.Incident.get({ id: relatedId }, { ...publicKey, selectionSet: ['id', 'title', 'timeline.message'] });
    expect(asPublic.data).toMatchObject({ id: relatedId, title: 'Related' });
    expect(asPublic.errors).toEqual([
      expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access timeline on type Incident', path: ['getIncident', 'timeline'] }),
    ]);
  });

  it('Service.incidents (hasMany): the public lists incidents with internal fields nulled; a user in no group is refused the field', async () => {
    const asPublic = await client.models.Service.get({ id: serviceId }, { ...publicKey, selectionSet: ['id', 'incidents.id', 'incidents.title'] });
    expect(asPublic.errors).toBeUndefined();
    expect(asPublic.data!.incidents.map((i) => i.id)).toContain(relatedId);

    const internal = await settled(client.graphql({
      query: 'query($id: ID!) { getService(id: $id) { id incidents(limit: 100) { items { id commander } } } }',
      variables: { id: serviceId },
      authMode: 'apiKey',
    })) as unknown as { data: { getService: { incidents: { items: { id: string; commander: string | null }[] } } }; errors: { message: string; path: unknown[] }[] };
    const related = internal.data.getService.incidents.items.find((i) => i.id === relatedId)!;
    expect(related.commander).toBeNull();
    expect(internal.errors[0]).toMatchObject({ message: 'Not Authorized to access commander on type Incident', path: ['getService', 'incidents', 'items', expect.any(Number), 'commander'] });

    const asNobody = await client.models.Service.get({ id: serviceId }, { ...as.nobody, selectionSet: ['id', 'name', 'incidents.id'] });
    expect(asNobody.data).toMatchObject({ id: serviceId, name: 'Checkout' });
    expect(asNobody.errors).toEqual([
      expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access incidents on type Service', path: ['getService', 'incidents'] }),
    ]);
  });

  it('TimelineEvent.incident (belongsTo) resolves for responders', async () => {
    const { data } = await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: relatedId }, { ...as.a, selectionSet: ['id', 'incident.title'] });
    expect(data.map((e) => e.incident?.title)).toEqual(['Related', 'Related']);
  });
});

describe('conditional updates, limit and nextToken', () => {
  it('an update whose condition fails is DynamoDB:ConditionalCheckFailedException and changes nothing', async () => {
    // Prepare
    const { data } = await client.models.Incident.create(incident({ title: 'Conditional' }), as.a);

    // Act
    const updated = (await conditionalStatusUpdate(data!.id, 'RESOLVED', { status: { eq: 'ACKNOWLEDGED' } })) as { data: { updateIncident: unknown }; errors: { errorType: string; message: string; path: unknown[] }[] };

    // Assess
    expect(updated.data.updateIncident).toBeNull();
    expect(updated.errors).toHaveLength(1);
    expect(updated.errors[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException', path: ['updateIncident'] });
    expect(updated.errors[0].message).toMatch(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [\w-]+\)$/);
    expect((await client.models.Incident.get({ id: data!.id }, as.a)).data?.status).toBe('TRIGGERED');
  });

  it('the same update with a condition that holds succeeds', async () => {
    const { data } = await client.models.Incident.create(incident({ title: 'Conditional ok' }), as.a);
    const updated = (await conditionalStatusUpdate(data!.id, 'ACKNOWLEDGED', { status: { eq: 'TRIGGERED' } })) as { data: { updateIncident: { status: string } }; errors?: unknown };
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateIncident.status).toBe('ACKNOWLEDGED');
  });

  it('limit and nextToken page through an index query without losing or repeating items', async () => {
    // Prepare: a service of its own with five incidents.
    const { data: paged } = await client.mutations.addService({ name: 'Paged', status: 'OPERATIONAL' }, as.admin);
    const base = Date.parse('2026-04-01T00:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      await client.models.Incident.create(incident({ title: `Page ${i}`, serviceId: paged!.id, triggeredAt: new Date(base + i * 1000).toISOString() }), as.a);
    }

    // Act
    const titles: string[] = [];
    let nextToken: string | null | undefined;
    let pages = 0;
    do {
      const page = await client.models.Incident.listIncidentsByService({ serviceId: paged!.id }, { ...as.b, limit: 2, nextToken });
      expect(page.errors).toBeUndefined();
      expect(page.data.length).toBeLessThanOrEqual(2);
      titles.push(...page.data.map((i) => i.title));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);

    // Assess
    expect(titles).toEqual(['Page 0', 'Page 1', 'Page 2', 'Page 3', 'Page 4']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('a nextToken that is not one the API issued, or was issued for another index, is an error, not a first page', async () => {
    const invalid = { path: ['listIncidentsByStatus'], errorType: 'DynamoDB:UserIllegalArgumentException', message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.' };
    const issued = await client.models.Incident.listIncidentsByService({ serviceId }, { ...as.a, limit: 1 });
    expect(issued.nextToken).toEqual(expect.any(String));
    const elsewhere = await client.models.Incident.listIncidentsByStatus({ status: 'TRIGGERED' }, { ...as.a, limit: 1, nextToken: issued.nextToken });
    expect(elsewhere.errors).toEqual([expect.objectContaining(invalid)]);
    const page = await client.models.Incident.listIncidentsByService({ serviceId }, { ...as.a, limit: 2, nextToken: 'not-a-token' });
    expect(page.data ?? []).toEqual([]);
    expect(page.errors).toEqual([expect.objectContaining({ path: ['listIncidentsByService'], errorType: 'DynamoDB:UserIllegalArgumentException', message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.' })]);
  });
});

describe('addNote (APPSYNC_JS)', () => {
  let target: string;
  beforeAll(async () => {
    target = (await client.models.Incident.create(incident({ title: 'Notes' }), as.a)).data!.id;
  });

  it('writes a NOTE stamped with its author, owner and time', async () => {
    // Prepare
    const claims = JSON.parse(Buffer.from(as.a.headers.Authorization.split('.')[1], 'base64url').toString()) as { sub: string; username: string };
    const before = Date.now();

    // Act
    const note = await client.mutations.addNote({ incidentId: target, message: '  rolled back 4.2.1  ' }, as.a);

    // Assess
    expect(note.errors).toBeUndefined();
    expect(note.data).toMatchObject({ incidentId: target, kind: 'NOTE', message: 'rolled back 4.2.1', author: claims.username, owner: claims.username });
    expect(Date.parse(note.data!.createdAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(note.data!.createdAt!)).toBeLessThanOrEqual(Date.now());
    // Stored with the full owner entity the owner rule compares ("<sub>::<username>").
    const stored = await client.models.TimelineEvent.list({ ...as.a, filter: { owner: { eq: `${claims.sub}::${claims.username}` }, incidentId: { eq: target } } });
    expect(stored.data.map((e) => e.id)).toEqual([note.data!.id]);
  });

  it('an empty note is the resolver’s ValidationError, data null, and nothing is written', async () => {
    const eventsBefore = (await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: target }, as.a)).data.length;
    const note = await client.mutations.addNote({ incidentId: target, message: '   ' }, as.a);
    expect(note.data).toBeNull();
    expect(note.errors).toEqual([
      { path: ['addNote'], data: null, errorType: 'ValidationError', errorInfo: null, locations: [expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) })], message: 'A note cannot be empty' },
    ]);
    expect((await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: target }, as.a)).data).toHaveLength(eventsBefore);
  });

  it('a note over 4,000 characters is refused the same way; exactly 4,000 is accepted', async () => {
    const tooLong = await client.mutations.addNote({ incidentId: target, message: 'x'.repeat(4001) }, as.a);
    expect(tooLong.data).toBeNull();
    expect(tooLong.errors).toEqual([expect.objectContaining({ path: ['addNote'], errorType: 'ValidationError', message: 'A note is at most 4000 characters (got 4001)' })]);
    const longest = await client.mutations.addNote({ incidentId: target, message: 'y'.repeat(4000) }, as.a);
    expect(longest.errors).toBeUndefined();
    expect(longest.data?.message).toHaveLength(4000);
    const events = await client.models.TimelineEvent.listTimelineEventsByIncident({ incidentId: target }, as.a);
    expect(events.data.map((e) => e.message?.length)).not.toContain(4001);
  });

  it('the raw response is AppSync’s: data { addNote: null } beside the error', async () => {
    const response = await settled(client.graphql({ query: 'mutation($i: ID!) { addNote(incidentId: $i, message: "") { id } }', variables: { i: target }, ...as.a })) as unknown as { data: unknown; errors: unknown[] };
    expect(response.data).toEqual({ addNote: null });
    expect(response.errors).toHaveLength(1);
  });

  it('is for RESPONDERS and ADMINS only', async () => {
    const refused = await client.mutations.addNote({ incidentId: target, message: 'hi' }, as.nobody);
    expect(refused.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access addNote on type Mutation' })]);
    const byPublic = await client.mutations.addNote({ incidentId: target, message: 'hi' }, publicKey);
    expect(byPublic.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access addNote on type Mutation' })]);
  });
});
