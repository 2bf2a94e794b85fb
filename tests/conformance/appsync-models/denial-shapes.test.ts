/**
 * The shape of a denial, per auth mode, as AWS documents it ("Troubleshoot Unauthorized errors
 * in AppSync": a 401 Unauthorized when AppSync or the auth mode refuses the request — missing or
 * bad credentials, an IAM policy that does not allow `appsync:GraphQL` on the field, a Lambda
 * authorizer answering isAuthorized false —, and a 200 with an `Unauthorized` error and a null
 * field when the denial happens at or beyond the resolver level — `@aws_*` directives, the
 * generated auth checks, a Lambda authorizer's deniedFields). Sent raw: status and body are the point.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalCloud } from '../../../local';
import { installLocalWebSocket } from '../../../local/client';
import type { Credentials } from '../../../local/iam/types';
import { apiKey, generateClient, identityPoolCredentials, postGraphQL, signedInUser, startFixtureCloud, SYNTH_TIMEOUT_MS, type Schema, type User } from './fixture-cloud';

let cloud: LocalCloud;
let alice: User;
let guest: Credentials;
let bulletinId: string;
const client = generateClient<Schema>();

const REFUSED = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };
const fieldDenied = (field: string, type: string, path: (string | number)[]) =>
  expect.objectContaining({ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${type}`, path });

beforeAll(async () => {
  cloud = await startFixtureCloud();
  alice = await signedInUser(cloud, 'alice@example.com');
  const created = await client.models.Bulletin.create({ text: 'Standup at 10', internal: 'room 4' }, alice.as);
  if (!created.data) throw new Error(`bulletin: ${JSON.stringify(created.errors)}`);
  bulletinId = created.data.id;
  guest = await identityPoolCredentials({ guest: true });
}, SYNTH_TIMEOUT_MS);
afterAll(() => cloud?.stop());

const getBulletin = (fields: string) => `{ getBulletin(id: "${'$'}{id}") { ${fields} } }`.replace('${id}', bulletinId);

describe('every mode: credentials', () => {
  it('no credential at all is a 401 for the whole request', async () => {
    const response = await postGraphQL(cloud, '{ listBulletins { items { id } } }', { headers: {} });
    expect(response).toEqual({ status: 401, errorType: 'UnauthorizedException', body: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] } });
  });
});

describe('API key', () => {
  it('an unknown key is a 401', async () => {
    const response = await postGraphQL(cloud, '{ listBulletins { items { id } } }', { headers: { 'x-api-key': 'da2-notakey' } });
    expect(response).toMatchObject({ status: 401, body: REFUSED });
  });

  it('a model without an apiKey rule: 200, the field null with Unauthorized', async () => {
    const response = await postGraphQL(cloud, '{ listNotes { items { slug } } }', { headers: { 'x-api-key': apiKey(cloud) } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { listNotes: null }, errors: [fieldDenied('listNotes', 'Query', ['listNotes'])] });
  });

  it('a field-level rule without apiKey: 200, that field null, the rest of the record returned', async () => {
    const response = await postGraphQL(cloud, getBulletin('id text internal'), { headers: { 'x-api-key': apiKey(cloud) } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { getBulletin: { id: bulletinId, text: 'Standup at 10', internal: null } }, errors: [fieldDenied('internal', 'Bulletin', ['getBulletin', 'internal'])] });
  });

  it('a read-only rule: a mutation is a 200 with the mutation field null', async () => {
    const response = await postGraphQL(cloud, 'mutation { createBulletin(input: { text: "x" }) { id } }', { headers: { 'x-api-key': apiKey(cloud) } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { createBulletin: null }, errors: [fieldDenied('createBulletin', 'Mutation', ['createBulletin'])] });
  });
});

describe('user pools', () => {
  it('a token that does not parse is a 401', async () => {
    const response = await postGraphQL(cloud, '{ listBulletins { items { id } } }', { headers: { authorization: 'not.a.jwt' } });
    expect(response).toMatchObject({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException' }] } });
  });

  it('a record the generated owner check denies: 200, the field null with Unauthorized', async () => {
    const bob = await signedInUser(cloud, 'bob@example.com');
    const response = await postGraphQL(cloud, `mutation { updateBulletin(input: { id: "${bulletinId}", text: "mine now" }) { id } }`, { headers: { authorization: bob.token } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { updateBulletin: null }, errors: [fieldDenied('updateBulletin', 'Mutation', ['updateBulletin'])] });
  });
});

describe('IAM', () => {
  it('a guest whose role\'s policy does not allow the field: 401 for the whole request', async () => {
    const response = await postGraphQL(cloud, '{ listNotes { items { slug } } }', { credentials: guest });
    expect(response).toEqual({ status: 401, errorType: 'UnauthorizedException', body: REFUSED });
  });

  it('one denied top-level field refuses the request, even beside an allowed one', async () => {
    const response = await postGraphQL(cloud, '{ listBulletins { items { id } } listNotes { items { slug } } }', { credentials: guest });
    expect(response).toMatchObject({ status: 401, body: REFUSED });
  });

  it('a guest mutation the policy allows (Amplify grants the model\'s fields) but the generated check denies: 200, the field null', async () => {
    const response = await postGraphQL(cloud, 'mutation { createBulletin(input: { text: "x" }) { id } }', { credentials: guest });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { createBulletin: null }, errors: [fieldDenied('createBulletin', 'Mutation', ['createBulletin'])] });
  });

  it('a field-level rule without the identity pool: 200, that field null (the policy allowed the request)', async () => {
    const response = await postGraphQL(cloud, getBulletin('id internal'), { credentials: guest });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { getBulletin: { id: bulletinId, internal: null } }, errors: [fieldDenied('internal', 'Bulletin', ['getBulletin', 'internal'])] });
  });

  it('a wrong signature is a 403 InvalidSignatureException', async () => {
    const response = await postGraphQL(cloud, '{ listBulletins { items { id } } }', { credentials: { ...guest, secretAccessKey: 'wrong' } });
    expect(response.status).toBe(403);
    expect(response.errorType).toBe('InvalidSignatureException');
  });
});

describe('Lambda authorizer', () => {
  it('isAuthorized false is a 401 for the whole request', async () => {
    const response = await postGraphQL(cloud, '{ listBulletins { items { id } } }', { headers: { authorization: 'deny' } });
    expect(response).toMatchObject({ status: 401, body: REFUSED });
  });

  it('deniedFields: 200, the denied field null with Unauthorized (Bulletin.text is non-null, so its parent is null too)', async () => {
    const response = await postGraphQL(cloud, getBulletin('id text'), { headers: { authorization: 'partial' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { getBulletin: null }, errors: [fieldDenied('text', 'Bulletin', ['getBulletin', 'text'])] });
    const allowed = await postGraphQL(cloud, getBulletin('id'), { headers: { authorization: 'partial' } });
    expect(allowed.body).toEqual({ data: { getBulletin: { id: bulletinId } } });
  });

  it('a model without a custom rule: 200, the field null with Unauthorized', async () => {
    const response = await postGraphQL(cloud, '{ listNotes { items { slug } } }', { headers: { authorization: 'allow' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { listNotes: null }, errors: [fieldDenied('listNotes', 'Query', ['listNotes'])] });
  });
});

describe('IAM over the real-time endpoint', () => {
  /** The first thing a subscription reports: an error, or 'started' once the server acknowledged it. */
  function firstOutcome(subscribe: (observer: { next: () => void; error: (error: unknown) => void }) => { unsubscribe(): void }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the subscription neither failed nor was refused within 10 s')), 10_000);
      const subscription = subscribe({
        next: () => undefined,
        error: (error) => {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(error);
        },
      });
    });
  }

  it('a guest subscribing to a field its policy does not allow is refused with UnauthorizedException', async () => {
    const restore = installLocalWebSocket(cloud.endpoint, WebSocket as never);
    try {
      const refusal = await firstOutcome((observer) => client.models.Note.onCreate({ authMode: 'iam' }).subscribe(observer));
      expect(JSON.stringify(refusal)).toContain('UnauthorizedException');
    } finally {
      restore();
    }
  });
});
