/**
 * Field resolvers on one parent (AppSync's documentation: a field resolver receives its
 * parent's value as `$ctx.source`; each field of a selection set is resolved on its own). Post
 * has three field resolvers Amplify generates: `owner` (which rewrites `$ctx.source.owner` from
 * `<sub>::<username>` to `<username>`), `author` (a belongsTo read by `authorId`) and `profile`
 * (a belongsTo read by the owner field itself). Whatever else is selected, and in whatever
 * order, each gives the same answer as when it is alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { generateClient, signedInUser, startFixtureCloud, SYNTH_TIMEOUT_MS, type Schema, type User } from './fixture-cloud';

let cloud: LocalCloud;
let alice: User;
let reader: User;
let postId: string;
const client = generateClient<Schema>();

beforeAll(async () => {
  cloud = await startFixtureCloud();
  reader = await signedInUser(cloud, 'reader@example.com');
  alice = await signedInUser(cloud, 'alice@example.com');
  const author = await client.models.Author.create({ name: 'Ursula' }, alice.as);
  // The owner field holds `<sub>::<username>`; a profile keyed by that value is the post's `profile`.
  await client.models.Profile.create({ handle: `${alice.sub}::${alice.username}`, displayName: 'Alice' }, alice.as);
  const post = await client.models.Post.create({ title: 'The Dispossessed', authorId: author.data!.id }, alice.as);
  if (!post.data) throw new Error(`post: ${JSON.stringify(post.errors)}`);
  postId = post.data.id;
}, SYNTH_TIMEOUT_MS);
afterAll(() => cloud?.stop());

async function getPost(selection: string, user: User) {
  const response = (await client.graphql({ query: `query($id: ID!) { getPost(id: $id) { ${selection} } }`, variables: { id: postId }, ...user.as })) as { data: { getPost: Record<string, unknown> } };
  return response.data.getPost;
}

describe('field resolvers on a shared parent', () => {
  it('author alone, and owner alone', async () => {
    expect(await getPost('author { name }', alice)).toEqual({ author: { name: 'Ursula' } });
    expect(await getPost('owner', alice)).toEqual({ owner: alice.username });
  });

  it('owner selected before author: both resolve', async () => {
    expect(await getPost('owner author { name }', alice)).toEqual({ owner: alice.username, author: { name: 'Ursula' } });
  });

  it('author selected before owner: both resolve', async () => {
    expect(await getPost('author { name } owner', alice)).toEqual({ author: { name: 'Ursula' }, owner: alice.username });
  });

  it('the belongsTo keyed by the owner field resolves beside owner, in either order', async () => {
    expect(await getPost('profile { displayName }', alice)).toEqual({ profile: { displayName: 'Alice' } });
    expect(await getPost('owner profile { displayName }', alice)).toEqual({ owner: alice.username, profile: { displayName: 'Alice' } });
    expect(await getPost('profile { displayName } owner', alice)).toEqual({ profile: { displayName: 'Alice' }, owner: alice.username });
  });

  it('a field without a resolver reads the parent as stored, beside both resolvers', async () => {
    expect(await getPost('owner title authorId author { name } id', alice)).toEqual({ owner: alice.username, title: 'The Dispossessed', authorId: expect.any(String), author: { name: 'Ursula' }, id: postId });
  });

  it('another signed-in user (read rule) sees the same fields, every order', async () => {
    expect(await getPost('owner author { name }', reader)).toEqual({ owner: alice.username, author: { name: 'Ursula' } });
    expect(await getPost('author { name } owner', reader)).toEqual({ author: { name: 'Ursula' }, owner: alice.username });
  });

  it('every item of a list gets its own parent: owner and author on each', async () => {
    const author = await client.models.Author.create({ name: 'Octavia' }, alice.as);
    await client.models.Post.create({ title: 'Kindred', authorId: author.data!.id }, alice.as);
    const listed = (await client.graphql({ query: '{ listPosts { items { title owner author { name } } } }', ...alice.as })) as { data: { listPosts: { items: Record<string, unknown>[] } } };
    const items = listed.data.listPosts.items.sort((a, b) => String(a.title).localeCompare(String(b.title)));
    expect(items).toEqual([
      { title: 'Kindred', owner: alice.username, author: { name: 'Octavia' } },
      { title: 'The Dispossessed', owner: alice.username, author: { name: 'Ursula' } },
    ]);
  });
});
