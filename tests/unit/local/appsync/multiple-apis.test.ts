import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/** Two APIs in one assembly: each at /apis/<apiId>/graphql; one behind a Lambda authorizer. */
let h: Harness;
let guarded: string;
let open: { url: string; key: string };
beforeAll(async () => {
  h = await startHarness({ fixture: 'appsync-multi' });
  const apis = h.appsync.apis();
  guarded = `${h.endpoint}${apis.find((a) => a.name === 'guarded')!.path}`;
  const openApi = apis.find((a) => a.name === 'open')!;
  open = { url: `${h.endpoint}${openApi.path}`, key: h.apiKey };
});
afterAll(async () => {
  await h.stop();
});

const post = async (url: string, query: string, headers: Record<string, string>) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, json: await response.json() };
};

describe('several GraphQL APIs', () => {
  it('serves each at /apis/<apiId>/graphql and nothing at /graphql', async () => {
    expect(h.appsync.apis().map((a) => a.path).every((p) => /^\/apis\/[a-z0-9]+\/graphql$/.test(p))).toBe(true);
    const root = await fetch(`${h.endpoint}/graphql`, { method: 'POST', body: '{}' });
    expect(root.status).toBe(404);
  });
});

describe('Lambda authorizer', () => {
  it('passes the token and request context to the authorizer, and $ctx.identity is its resolverContext', async () => {
    const { status, json } = await post(guarded, '{ whoami }', { authorization: 'allow' });
    expect(status).toBe(200);
    expect(JSON.parse(json.data.whoami)).toEqual({ resolverContext: { user: 'u1' } });
    const call = h.lambda.invocations.at(-1)!.payload as { authorizationToken: string; requestContext: { queryString: string; apiId: string } };
    expect(call.authorizationToken).toBe('allow');
    expect(call.requestContext.queryString).toBe('{ whoami }');
  });

  it('denies the fields in deniedFields', async () => {
    const { json } = await post(guarded, '{ secret }', { authorization: 'allow' });
    expect(json.errors[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access secret on type Query' });
  });

  it('isAuthorized false, or a failing authorizer, is 401', async () => {
    expect(await post(guarded, '{ whoami }', { authorization: 'deny' })).toMatchObject({ status: 401, json: { errors: [{ errorType: 'UnauthorizedException' }] } });
    expect((await post(guarded, '{ whoami }', { authorization: 'crash' })).status).toBe(401);
  });

  it('an API key is not a credential for an API that does not use API keys', async () => {
    const refused = await post(guarded, '{ whoami }', { 'x-api-key': 'da2-anything' });
    expect(refused).toMatchObject({ status: 401, json: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
    expect((await post(open.url, '{ whoami }', {})).json.errors[0].message).toBe('Valid authorization header not provided.');
  });
});
