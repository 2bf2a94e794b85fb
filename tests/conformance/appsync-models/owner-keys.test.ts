/**
 * Owner fields in keys and indexes (Amplify's documentation, "Per-user/per-owner data access":
 * an owner reads, lists, updates and deletes its own records and nobody else's; the owner
 * field may be part of the model's identifier or a secondary index's key). Gen 2 stores the
 * owner as `<sub>::<username>` and reads it back as `<username>`. Generated VTL, real client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { generateClient, signedInUser, startFixtureCloud, SYNTH_TIMEOUT_MS, type Schema, type User } from './fixture-cloud';

let cloud: LocalCloud;
let alice: User;
let bob: User;
const client = generateClient<Schema>();
const owner = (user: User) => `${user.sub}::${user.username}`;

beforeAll(async () => {
  cloud = await startFixtureCloud();
  bob = await signedInUser(cloud, 'bob@example.com');
  alice = await signedInUser(cloud, 'alice@example.com');
}, SYNTH_TIMEOUT_MS);
afterAll(() => cloud?.stop());

describe('owner field in the primary key', () => {
  it('the owner creates a record keyed by its owner value and gets it back by that key', async () => {
    const created = await client.models.Note.create({ owner: owner(alice), slug: 'groceries', body: 'milk' }, alice.as);
    expect(created.errors).toBeUndefined();
    const read = await client.models.Note.get({ owner: owner(alice), slug: 'groceries' }, alice.as);
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({ slug: 'groceries', body: 'milk' });
  });

  it('the owner lists its records by the owner key', async () => {
    await client.models.Note.create({ owner: owner(alice), slug: 'books', body: 'dune' }, alice.as);
    const listed = await client.models.Note.list({ owner: owner(alice), ...alice.as });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((note) => note.slug).sort()).toEqual(['books', 'groceries']);
  });

  it('the owner lists its records without naming the key (the owner filter is added)', async () => {
    const listed = await client.models.Note.list(alice.as);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((note) => note.slug).sort()).toEqual(['books', 'groceries']);
  });

  it('another user cannot get the record by its key, nor list under its owner value', async () => {
    const read = await client.models.Note.get({ owner: owner(alice), slug: 'groceries' }, bob.as);
    expect(read.data).toBeNull();
    expect(read.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access getNote on type Query' });
    const listed = await client.models.Note.list({ owner: owner(alice), ...bob.as });
    expect(listed.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access listNotes on type Query' });
  });

  it('another user cannot create a record under the owner value of someone else', async () => {
    const created = await client.models.Note.create({ owner: owner(alice), slug: 'forged', body: 'x' }, bob.as);
    expect(created.data).toBeNull();
    expect(created.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access createNote on type Mutation' });
  });

  it('the owner updates and deletes its record; the other user may not', async () => {
    const denied = await client.models.Note.update({ owner: owner(alice), slug: 'books', body: 'stolen' }, bob.as);
    expect(denied.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    const updated = await client.models.Note.update({ owner: owner(alice), slug: 'books', body: 'dune messiah' }, alice.as);
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.body).toBe('dune messiah');
    const deleted = await client.models.Note.delete({ owner: owner(alice), slug: 'books' }, alice.as);
    expect(deleted.errors).toBeUndefined();
    expect((await client.models.Note.get({ owner: owner(alice), slug: 'books' }, alice.as)).data).toBeNull();
  });
});

describe('owner field as a secondary index key', () => {
  it('records get the caller as owner, and the owner lists them through the index', async () => {
    for (const title of ['b-draft', 'a-draft']) expect((await client.models.Draft.create({ title }, alice.as)).errors).toBeUndefined();
    await client.models.Draft.create({ title: 'bob-draft' }, bob.as);
    const listed = await client.models.Draft.listDraftsByOwner({ owner: owner(alice) }, alice.as);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((draft) => draft.title)).toEqual(['a-draft', 'b-draft']);
  });

  it('the owner reads a record got through the index by its id, with the owner read back as the username', async () => {
    const [first] = (await client.models.Draft.listDraftsByOwner({ owner: owner(alice) }, alice.as)).data;
    const read = await client.models.Draft.get({ id: first.id }, alice.as);
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({ title: 'a-draft', owner: alice.username });
  });

  it('a sort-key condition on the index narrows the owner\'s records', async () => {
    const listed = await client.models.Draft.listDraftsByOwner({ owner: owner(alice), title: { beginsWith: 'b' } }, alice.as);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((draft) => draft.title)).toEqual(['b-draft']);
  });

  it('another user querying the index under the owner value of someone else is denied', async () => {
    const listed = await client.models.Draft.listDraftsByOwner({ owner: owner(alice) }, bob.as);
    expect(listed.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access listDraftsByOwner on type Query' });
  });

  it('a plain list gives each owner its own records only', async () => {
    const listed = await client.models.Draft.list(bob.as);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((draft) => draft.title)).toEqual(['bob-draft']);
  });
});
