/**
 * One model read through several auth modes (AppSync's "Using additional authorization modes":
 * a type or field carries the modes that may read it; each request uses one mode, and the same
 * record reads the same through every mode allowed to read it, less the fields a mode may not
 * read). Bulletin is readable by API key, IAM (guests and signed-in identities), user pools and
 * a Lambda authorizer; its `internal` field by user pools only. Real aws-amplify client, one
 * `authMode` per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { generateClient, signedInUser, startFixtureCloud, SYNTH_TIMEOUT_MS, type Schema, type User } from './fixture-cloud';
import { signOut } from 'aws-amplify/auth';

let cloud: LocalCloud;
let alice: User;
let ids: string[];
const client = generateClient<Schema>();
const MODES = {
  apiKey: { authMode: 'apiKey' },
  iam: { authMode: 'iam' },
  userPool: { authMode: 'userPool' },
  lambda: { authMode: 'lambda', authToken: 'allow' },
} as const;

beforeAll(async () => {
  cloud = await startFixtureCloud();
  alice = await signedInUser(cloud, 'alice@example.com');
  ids = [];
  for (const text of ['Standup at 10', 'Retro on Friday']) {
    const created = await client.models.Bulletin.create({ text, internal: `about ${text}` }, alice.as);
    if (!created.data) throw new Error(`bulletin: ${JSON.stringify(created.errors)}`);
    ids.push(created.data.id);
  }
}, SYNTH_TIMEOUT_MS);
afterAll(() => cloud?.stop());

describe.each(Object.entries(MODES))('read through %s', (mode, options) => {
  it('get gives the record\'s public fields', async () => {
    const read = await client.models.Bulletin.get({ id: ids[0] }, { ...options, selectionSet: ['id', 'text', 'owner'] });
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ id: ids[0], text: 'Standup at 10', owner: alice.username });
  });

  it('list gives every record', async () => {
    const listed = await client.models.Bulletin.list({ ...options, selectionSet: ['id', 'text'] });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((b) => b.text).sort()).toEqual(['Retro on Friday', 'Standup at 10']);
  });

  it(`the user-pool-only field is ${mode === 'userPool' ? 'readable' : 'null with Unauthorized'}`, async () => {
    const read = await client.models.Bulletin.get({ id: ids[1] }, { ...options, selectionSet: ['id', 'internal'] });
    if (mode === 'userPool') {
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual({ id: ids[1], internal: 'about Retro on Friday' });
    } else {
      expect(read.data).toEqual({ id: ids[1], internal: null });
      expect(read.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access internal on type Bulletin' })]);
    }
  });
});

describe('IAM as a guest', () => {
  it('reads the same records as a signed-in identity does', async () => {
    const signedIn = await client.models.Bulletin.list({ authMode: 'iam', selectionSet: ['id'] });
    await signOut();
    const asGuest = await client.models.Bulletin.list({ authMode: 'iam', selectionSet: ['id'] });
    expect(asGuest.errors).toBeUndefined();
    expect(asGuest.data.map((b) => b.id).sort()).toEqual(signedIn.data.map((b) => b.id).sort());
  });
});
