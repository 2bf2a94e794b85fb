import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwt } from './doubles';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const sigv4 = (accessKey: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20260101/us-east-1/appsync/aws4_request, SignedHeaders=host, Signature=abc`, 'x-amz-date': '20260101T000000Z' });
const UNAUTHORIZED = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };

describe('request authentication', () => {
  it('no credential is 401 "Valid authorization header not provided."', async () => {
    const { status, headers, json } = await h.post({ query: '{ echo }' });
    expect(status).toBe(401);
    expect(headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(json).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] });
  });

  it('an unknown or expired API key is 401 "You are not authorized to make this call."', async () => {
    for (const key of ['da2-nosuchkey', h.expiredApiKey]) {
      const { status, json } = await h.post({ query: '{ echo }' }, { 'x-api-key': key });
      expect(status).toBe(401);
      expect(json).toEqual(UNAUTHORIZED);
    }
  });

  it('a token the user pool does not verify is 401; an expired one says so; garbage does not parse', async () => {
    const forged = jwt({ sub: 'u1', iss: h.cognito.issuer('us-east-1_pool'), token_use: 'id', exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(await h.post({ query: '{ whoami }' }, { authorization: forged })).toMatchObject({ status: 401, json: UNAUTHORIZED });
    const expired = h.cognito.issue({ sub: 'u2', exp: Math.floor(Date.now() / 1000) - 10 });
    expect((await h.post({ query: '{ whoami }' }, { authorization: expired })).json).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] });
    expect((await h.post({ query: '{ whoami }' }, { authorization: 'not-a-token' })).json).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Unable to parse JWT token.' }] });
  });

  it('asks Cognito to verify against the API\'s pool', async () => {
    const token = h.cognito.issue({ sub: 'u3' });
    await h.post({ query: '{ whoami }' }, { authorization: token });
    expect(h.cognito.verified.at(-1)?.userPoolId).toMatch(/^us-east-1_/);
  });

  it('a bad SigV4 signature is 403 InvalidSignatureException', async () => {
    const { status, json } = await h.post({ query: '{ whoami }' }, sigv4('NOPE'));
    expect(status).toBe(403);
    expect(json.errors[0].errorType).toBe('InvalidSignatureException');
  });
});

describe('$ctx.identity', () => {
  it('is null for API keys', async () => {
    const { json } = await h.post({ query: '{ whoami }' }, { 'x-api-key': h.apiKey });
    expect(json).toEqual({ data: { whoami: null } });
  });

  it('is { sub, issuer, username, claims, sourceIp, defaultAuthStrategy, groups } for user pools', async () => {
    const token = h.cognito.issue({ sub: 'u4', 'cognito:username': 'alice', 'cognito:groups': ['ADMINS'], email: 'a@example.com' });
    const { json } = await h.post({ query: '{ whoami }' }, { authorization: token });
    const identity = JSON.parse(json.data.whoami);
    expect(Object.keys(identity).sort()).toEqual(['claims', 'defaultAuthStrategy', 'groups', 'issuer', 'sourceIp', 'sub', 'username']);
    expect(identity).toMatchObject({ sub: 'u4', username: 'alice', issuer: h.cognito.issuer('us-east-1_pool'), defaultAuthStrategy: 'ALLOW', groups: ['ADMINS'], sourceIp: ['127.0.0.1'] });
    expect(identity.claims.email).toBe('a@example.com');
  });

  it('has groups null when the token has none', async () => {
    const token = h.cognito.issue({ sub: 'u5', 'cognito:username': 'bob' });
    const { json } = await h.post({ query: '{ whoami }' }, { authorization: token });
    expect(JSON.parse(json.data.whoami).groups).toBeNull();
  });

  it('is the IAM shape, Cognito fields null for a role outside an identity pool', async () => {
    const { json } = await h.post({ query: '{ whoami }' }, sigv4('FN'));
    expect(JSON.parse(json.data.whoami)).toEqual({
      accountId: '000000000000', cognitoIdentityPoolId: null, cognitoIdentityId: null, sourceIp: ['127.0.0.1'],
      username: 'AROAFN:fn', userArn: 'arn:aws:sts::000000000000:assumed-role/fn-role/fn', cognitoIdentityAuthType: null, cognitoIdentityAuthProvider: null,
    });
  });

  it('carries the identity pool, identity id, auth type and providers for identity-pool callers', async () => {
    const { json } = await h.post({ query: '{ whoami }' }, sigv4('POOL'));
    expect(JSON.parse(json.data.whoami)).toMatchObject({
      cognitoIdentityPoolId: 'us-east-1:pool-1',
      cognitoIdentityId: 'us-east-1:identity-1',
      cognitoIdentityAuthType: 'authenticated',
      cognitoIdentityAuthProvider: '"cognito-idp.us-east-1.amazonaws.com/us-east-1_pool","cognito-idp.us-east-1.amazonaws.com/us-east-1_pool:CognitoSignIn:sub-1"',
    });
  });
});

describe('field authorization', () => {
  it('denies a field whose directives leave out the caller\'s mode, with partial data', async () => {
    const { json } = await h.post({ query: '{ echo(msg: "x") adminOnly }' }, { 'x-api-key': h.apiKey });
    expect(json).toEqual({
      data: { echo: JSON.stringify({ msg: 'x' }), adminOnly: null },
      errors: [{ path: ['adminOnly'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 1, column: 18, sourceName: null }], message: 'Not Authorized to access adminOnly on type Query' }],
    });
  });

  it('applies cognito_groups: members pass, others are denied', async () => {
    const admin = h.cognito.issue({ sub: 'a', 'cognito:groups': ['ADMINS'] });
    const user = h.cognito.issue({ sub: 'b', 'cognito:groups': ['READERS'] });
    expect((await h.post({ query: '{ adminOnly }' }, { authorization: admin })).json).toEqual({ data: { adminOnly: 'secret' } });
    expect((await h.post({ query: '{ adminOnly }' }, { authorization: user })).json.errors[0].errorType).toBe('Unauthorized');
  });

  it('a field without directives on a type without directives is for the default mode only', async () => {
    const token = h.cognito.issue({ sub: 'c' });
    expect((await h.post({ query: '{ defaultOnly }' }, { authorization: token })).json).toEqual({ data: { defaultOnly: 'default' } });
    expect((await h.post({ query: '{ defaultOnly }' }, { 'x-api-key': h.apiKey })).json.errors[0].message).toBe('Not Authorized to access defaultOnly on type Query');
  });

  it('field directives override type directives; nested types apply their own (a denied non-null field nulls its parent)', async () => {
    h.dynamodb.items.set('f1', { id: { S: 'f1' }, text: { S: 't' }, secret: { S: 's' }, author: { M: { name: { S: 'n' } } } });
    const { json } = await h.post({ query: '{ getNote(id: "f1") { id secret author { name } } }' }, { 'x-api-key': h.apiKey });
    expect(json.data).toEqual({ getNote: { id: 'f1', secret: null, author: null } });
    expect(json.errors.map((e: { message: string }) => e.message).sort()).toEqual(['Not Authorized to access name on type Author', 'Not Authorized to access secret on type Note']);
    const admin = h.cognito.issue({ sub: 'a2', 'cognito:groups': ['ADMINS'] });
    expect((await h.post({ query: '{ getNote(id: "f1") { secret author { name } } }' }, { authorization: admin })).json).toEqual({ data: { getNote: { secret: 's', author: { name: 'n' } } } });
  });

  it('IAM callers need appsync:GraphQL on each top-level field', async () => {
    h.iam.decisions.length = 0;
    const query = await h.post({ query: '{ whoami }' }, sigv4('FN'));
    expect(query.json.errors).toBeUndefined();
    expect(h.iam.decisions).toEqual([`fn-role appsync:GraphQL ${h.apiArn}/types/Query/fields/whoami`]);
    const root = await h.post({ query: 'mutation { putNote(id: "i1", text: "x") { id } }' }, sigv4('test'));
    expect(root.json).toEqual({ data: { putNote: { id: 'i1' } } });
  });

  // AWS: with IAM, a policy denial rejects the request (401 UnauthorizedException); a field
  // the mode may not read by its @aws_* directives is a 200 with that field null.
  it('a policy denying any top-level field refuses the whole request with 401 UnauthorizedException', async () => {
    const mutation = await h.post({ query: 'mutation { putNote(id: "i1", text: "x") { id } }' }, sigv4('FN'));
    expect(mutation.status).toBe(401);
    expect(mutation.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(mutation.json).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] });
    // Every top-level field is decided, fragments included.
    h.iam.decisions.length = 0;
    const both = await h.post({ query: 'query Q { ...Both } fragment Both on Query { whoami ... on Query { getNote(id: "n1") { id } } }' }, sigv4('FN'));
    expect(both.status).toBe(200);
    expect(h.iam.decisions).toEqual([`fn-role appsync:GraphQL ${h.apiArn}/types/Query/fields/whoami`, `fn-role appsync:GraphQL ${h.apiArn}/types/Query/fields/getNote`]);
  });

  it('an IAM caller allowed by policy still gets field-level nulls for fields its mode may not read', async () => {
    const { status, json } = await h.post({ query: 'mutation { putNote(id: "i2", text: "x") { id secret } }' }, sigv4('test'));
    expect(status).toBe(200);
    expect(json).toEqual({
      data: { putNote: { id: 'i2', secret: null } },
      errors: [expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access secret on type Note', path: ['putNote', 'secret'] })],
    });
  });
});

describe('services that are not running', () => {
  it('a Lambda data source without the lambda service is an error naming it', async () => {
    const bare = await startHarness({ withLambda: false });
    try {
      const { json } = await bare.post({ query: '{ callLambda(x: 1) }' }, { 'x-api-key': bare.apiKey });
      expect(json.errors[0]).toMatchObject({ path: ['callLambda'], errorType: 'Lambda:ServiceNotRunning' });
      expect(json.errors[0].message).toContain('needs the local lambda service');
    } finally {
      await bare.stop();
    }
  });
});
