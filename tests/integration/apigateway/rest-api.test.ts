import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam/types';
import { roleArn } from '../../helpers/cloud';
import { apiIds, call, invokeUrl, signedCall, startApiCloud, userTokens } from './helpers';

/**
 * The fixture's REST API (API Gateway v1, as Amplify's REST API guide builds it with CDK)
 * through the wire: resources and methods under the `dev` stage, the Lambda proxy event and
 * response, binary media types, CDK's CORS preflight (a MOCK integration), IAM, Cognito and
 * Lambda TOKEN/REQUEST authorizers, an API key with a usage plan, a MOCK integration with
 * mapping templates, and API Gateway's gateway responses.
 */
describe('REST API (API Gateway v1) from the assembly', () => {
  let cloud: LocalCloud;
  let apiId: string;
  const url = (pathAndQuery: string) => invokeUrl(cloud, apiId, pathAndQuery);

  beforeAll(async () => {
    cloud = await startApiCloud();
    apiId = apiIds(cloud).rest;
  });
  afterAll(() => cloud?.stop());

  describe('Lambda proxy integration', () => {
    it('sends the proxy event: resource, path, headers (last value) and multiValueHeaders, query maps, stage variables, request context', async () => {
      // Act
      const answer = await call(url('/dev/public?tag=a&tag=b'), { headers: { 'x-custom': 'v', 'User-Agent': 'fixture-agent' } });

      // Assert
      expect(answer.status).toBe(200);
      const { event } = answer.json;
      expect(event).toMatchObject({
        resource: '/public',
        path: '/public',
        httpMethod: 'GET',
        queryStringParameters: { tag: 'b' },
        multiValueQueryStringParameters: { tag: ['a', 'b'] },
        pathParameters: null,
        stageVariables: { greeting: 'hello-dev' },
        body: null,
        isBase64Encoded: false,
        requestContext: {
          resourcePath: '/public',
          httpMethod: 'GET',
          path: '/dev/public',
          stage: 'dev',
          apiId,
          domainName: `${apiId}.execute-api.us-east-1.amazonaws.com`,
          identity: { sourceIp: '127.0.0.1', userAgent: 'fixture-agent' },
        },
      });
      expect(event.headers['x-custom']).toBe('v');
      expect(event.multiValueHeaders['x-custom']).toEqual(['v']);
      expect(answer.headers.get('x-amz-apigw-id')).toBeTruthy();
    });

    it('matches a greedy {proxy+} resource with ANY, and passes a JSON body as text', async () => {
      // Act
      const answer = await call(url('/dev/public/a/b%20c'), { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"x":1}' });

      // Assert
      expect(answer.json.event).toMatchObject({ resource: '/public/{proxy+}', path: '/public/a/b c', httpMethod: 'PATCH', pathParameters: { proxy: 'a/b c' }, body: '{"x":1}', isBase64Encoded: false });
    });

    it('passes a body of a binary media type base64-encoded', async () => {
      // Act
      const answer = await call(url('/dev/public/upload'), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3, 254]) });

      // Assert
      expect(answer.json.event).toMatchObject({ body: '010203fe', isBase64Encoded: true });
    });

    it('makes the response from statusCode, headers and multiValueHeaders', async () => {
      // Act
      const answer = await call(url('/dev/public/status/418'));

      // Assert
      expect(answer.status).toBe(418);
      expect(answer.headers.get('x-fixture')).toBe('status');
      expect(answer.headers.get('x-multi')).toBe('one, two');
      expect(answer.json).toEqual({ status: 418 });
    });

    it('decodes a base64 answer for a client that accepts a binary media type, and leaves it base64 otherwise', async () => {
      // Act
      const png = await fetch(url('/dev/public/binary'), { headers: { Accept: 'image/png' } });
      const text = await call(url('/dev/public/binary'), { headers: { Accept: 'application/json' } });

      // Assert
      expect(Buffer.from(await png.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]));
      expect(text.text).toBe(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]).toString('base64'));
    });

    it('answers 502 Internal server error for a malformed proxy answer and for a failed function', async () => {
      // Act
      const raw = await call(url('/dev/public/raw'));
      const thrown = await call(url('/dev/public/throw'));

      // Assert
      for (const answer of [raw, thrown]) {
        expect(answer.status).toBe(502);
        expect(answer.json).toEqual({ message: 'Internal server error' });
        expect(answer.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      }
    });
    it('answers 502 for a function that runs past its own timeout (3 s), and serves other requests meanwhile', async () => {
      // Act
      const slow = call(url('/dev/public/sleep'));
      const meanwhile = await call(url('/dev/public'));

      // Assert
      expect(meanwhile.status).toBe(200);
      expect(await slow).toMatchObject({ status: 502, json: { message: 'Internal server error' } });
    });
  });

  describe('gateway responses', () => {
    it('answers 403 Missing Authentication Token for a resource or method the API does not have', async () => {
      // Act
      const path = await call(url('/dev/nowhere'));
      const method = await call(url('/dev/webhook'));

      // Assert
      for (const answer of [path, method]) {
        expect(answer.status).toBe(403);
        expect(answer.json).toEqual({ message: 'Missing Authentication Token' });
        expect(answer.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      }
    });

    it('answers 403 Forbidden for a stage the API does not have', async () => {
      // Act
      const answer = await call(url('/prod/public'));

      // Assert
      expect(answer).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    });

    it('adds the headers of the API’s DEFAULT_4XX gateway response to every 4XX answer, and none to a 5XX one', async () => {
      // Act
      const missing = await call(url('/dev/nowhere'));
      const unauthorized = await call(url('/dev/token-auth'));
      const failed = await call(url('/dev/public/throw'));

      // Assert
      expect(missing.headers.get('access-control-allow-origin')).toBe('*');
      expect(missing.json).toEqual({ message: 'Missing Authentication Token' });
      expect(unauthorized.headers.get('access-control-allow-origin')).toBe('*');
      expect(failed.status).toBe(502);
      expect(failed.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses a body over 10 MB with 413 and keeps serving', async () => {
      // Act
      const tooLarge = await call(url('/dev/webhook'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) });
      const after = await call(url('/dev/public'));

      // Assert
      expect(tooLarge.status).toBe(413);
      expect(after.status).toBe(200);
    });
  });

  describe('CORS (CDK’s preflight: OPTIONS methods with a MOCK integration)', () => {
    it('answers OPTIONS with the preflight’s headers and no authorization, even on an IAM resource', async () => {
      // Act
      const answer = await call(url('/dev/items'), { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } });

      // Assert
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toBe('OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD');
      expect(answer.headers.get('access-control-allow-headers')).toBe('Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent');
    });
  });

  describe('IAM authorization', () => {
    const credentialsOf = (prefix: string) => cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, prefix), { sessionName: 'CognitoIdentityCredentials' });

    it('answers an unsigned request 403 Missing Authentication Token', async () => {
      // Act
      const answer = await call(url('/dev/items'));

      // Assert
      expect(answer).toMatchObject({ status: 403, json: { message: 'Missing Authentication Token' } });
    });

    it('lets the identity pool’s role in, with the caller in requestContext.identity', async () => {
      // Prepare
      const credentials = credentialsOf('amplifyAuthunauthenticatedUserRole');

      // Act
      const answer = await signedCall(cloud, apiId, '/dev/items/42?q=1', credentials, { method: 'DELETE' });

      // Assert
      expect(answer.status).toBe(200);
      expect(answer.json.event).toMatchObject({ resource: '/items/{proxy+}', httpMethod: 'DELETE', requestContext: { identity: { accessKey: credentials.accessKeyId, userArn: expect.stringContaining('assumed-role/') } } });
    });

    it('refuses a role without execute-api:Invoke with IAM’s sentence, and a wrong signature with 403', async () => {
      // Prepare
      const credentials = credentialsOf('apihandlerlambdaServiceRole');

      // Act
      const denied = await signedCall(cloud, apiId, '/dev/items', credentials);
      const forged = await signedCall(cloud, apiId, '/dev/items', { ...credentials, secretAccessKey: 'wrong' });

      // Assert
      expect(denied.status).toBe(403);
      expect(denied.json.Message).toMatch(/^User: arn:aws:sts::\d{12}:assumed-role\/.+ is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}\d{4}:/);
      expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
      expect(forged.status).toBe(403);
      expect(forged.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    });
  });

  describe('Cognito user-pool authorizer', () => {
    let tokens: { idToken: string; accessToken: string };
    beforeAll(async () => {
      tokens = await userTokens(cloud, 'rest-cognito@example.com');
    });

    it('answers 401 Unauthorized without a token or with one that is not the pool’s', async () => {
      // Act
      const missing = await call(url('/dev/cognito-auth-path'));
      const forged = await call(url('/dev/cognito-auth-path'), { headers: { Authorization: `${tokens.idToken.slice(0, -4)}AAAA` } });

      // Assert
      for (const answer of [missing, forged]) {
        expect(answer).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
        expect(answer.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
      }
    });

    it('accepts the pool’s id token and passes its claims on as strings', async () => {
      // Act
      const answer = await call(url('/dev/cognito-auth-path'), { headers: { Authorization: tokens.idToken } });

      // Assert
      expect(answer.status).toBe(200);
      const { claims } = answer.json.event.requestContext.authorizer;
      expect(claims).toMatchObject({ email: 'rest-cognito@example.com', token_use: 'id', email_verified: 'true' });
      expect(claims.exp).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    });

    it('refuses an access token on a method without OAuth scopes (only id tokens are accepted there)', async () => {
      // Act
      const answer = await call(url('/dev/cognito-auth-path'), { headers: { Authorization: tokens.accessToken } });

      // Assert
      expect(answer).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
    });
  });

  describe('Lambda authorizers', () => {
    const calls = (answer: { json: { event: { requestContext: { authorizer: { calls: unknown } } } } }) => Number(answer.json.event.requestContext.authorizer.calls);

    it('TOKEN: 401 without the token; the token and method ARN sent; principalId and context passed on; the answer cached by token', async () => {
      // Act
      const missing = await call(url('/dev/token-auth'));
      const first = await call(url('/dev/token-auth'), { headers: { Authorization: 'allow' } });
      const second = await call(url('/dev/token-auth'), { headers: { Authorization: 'allow' } });

      // Assert
      expect(missing).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
      expect(first.status).toBe(200);
      expect(first.json.event.requestContext.authorizer).toMatchObject({ principalId: 'fixture-user', token: 'allow', kind: 'TOKEN' });
      expect(calls(second)).toBe(calls(first));
    });

    it('TOKEN: an explicit deny is 403, "Unauthorized" thrown is 401, any other failure 500', async () => {
      // Act
      const denied = await call(url('/dev/token-auth'), { headers: { Authorization: 'deny' } });
      const unauthorized = await call(url('/dev/token-auth'), { headers: { Authorization: 'unauthorized' } });
      const failed = await call(url('/dev/token-auth'), { headers: { Authorization: 'error' } });
      const malformed = await call(url('/dev/token-auth'), { headers: { Authorization: 'malformed' } });

      // Assert
      expect(denied).toMatchObject({ status: 403, json: { message: 'User is not authorized to access this resource with an explicit deny' } });
      expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
      expect(unauthorized).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
      for (const answer of [failed, malformed]) {
        expect(answer.status).toBe(500);
        expect(answer.json).toEqual({ message: null });
        expect(answer.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
      }
    });

    it('TOKEN: a policy that does not cover the method is 403 without "explicit deny"', async () => {
      // Act
      const answer = await call(url('/dev/token-auth'), { headers: { Authorization: 'allow-items' } });

      // Assert
      expect(answer).toMatchObject({ status: 403, json: { message: 'User is not authorized to access this resource' } });
    });

    it('REQUEST: sends the request’s headers and query, and (TTL 0) calls the authorizer every time', async () => {
      // Act
      const first = await call(url('/dev/request-auth?tenant=t1'), { headers: { 'x-token': 'allow' } });
      const second = await call(url('/dev/request-auth?tenant=t1'), { headers: { 'x-token': 'allow' } });
      const denied = await call(url('/dev/request-auth?tenant=t1'), { headers: { 'x-token': 'deny' } });

      // Assert
      expect(first.status).toBe(200);
      expect(first.json.event.requestContext.authorizer).toMatchObject({ kind: 'REQUEST', token: 'allow', principalId: 'fixture-user' });
      expect(calls(second)).toBeGreaterThan(calls(first));
      expect(denied.status).toBe(403);
    });
  });

  describe('API keys and usage plans', () => {
    it('refuses a request without a key or with a key that is not the API’s, as the API’s INVALID_API_KEY gateway response says (401, its template)', async () => {
      // Act
      const missing = await call(url('/dev/keyed'));
      const wrong = await call(url('/dev/keyed'), { headers: { 'x-api-key': 'not-a-key-of-this-api' } });

      // Assert
      for (const answer of [missing, wrong]) {
        expect(answer.status).toBe(401);
        expect(answer.json).toEqual({ error: 'INVALID_API_KEY', detail: 'Forbidden', stage: 'dev' });
        expect(answer.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
      }
      expect(wrong.headers.get('x-fixture-key')).toBe('not-a-key-of-this-api');
    });

    it('admits the plan’s key, shows it in requestContext.identity, and answers 429 Limit Exceeded past the quota (20 a day)', async () => {
      // Act
      const statuses: number[] = [];
      let first;
      for (let i = 0; i < 21; i++) {
        const answer = await call(url('/dev/keyed'), { headers: { 'x-api-key': 'fixture-api-key-0123456789' } });
        first ??= answer;
        statuses.push(answer.status);
        if (answer.status === 429) {
          expect(answer.json).toEqual({ message: 'Limit Exceeded' });
          break;
        }
        // The plan's burst is 5 at 100 a second: a short pause keeps this test on the quota.
        await new Promise((resolve) => setTimeout(resolve, 15));
      }

      // Assert
      expect(first!.json.event.requestContext.identity.apiKey).toBe('fixture-api-key-0123456789');
      expect(statuses.filter((status) => status === 200)).toHaveLength(20);
      expect(statuses.at(-1)).toBe(429);
    });
  });

  describe('MOCK integration with mapping templates', () => {
    it('renders the integration response template with $input.params, $stageVariables, $context and $util, and sets the mapped header', async () => {
      // Act
      const answer = await call(url('/dev/mock/bob%20x?q=hi'));

      // Assert
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-mock')).toBe('mocked');
      expect(answer.json).toEqual({
        name: 'bob x',
        query: 'hi',
        greeting: 'hello-dev',
        stage: 'dev',
        method: 'GET',
        resourcePath: '/mock/{name}',
        encoded: 'bob+x',
        base64: Buffer.from('bob x').toString('base64'),
      });
    });

    it('selects the integration response by the status the request template chose', async () => {
      // Act
      const answer = await call(url('/dev/mock/bob?fail=yes'));

      // Assert
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ failed: true });
    });
  });
});

describe('REST API usage plan quota across restarts', () => {
  it('a key that used its quota is still refused after the local cloud restarts on the same state', async () => {
    // Prepare
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'apigw-quota-'));
    const useKey = async (cloud: LocalCloud) => (await call(invokeUrl(cloud, apiIds(cloud).rest, '/dev/keyed'), { headers: { 'x-api-key': 'fixture-api-key-0123456789' } })).status;
    let cloud = await startApiCloud({ stateDir });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push(await useKey(cloud));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      expect(statuses.every((status) => status === 200)).toBe(true);
      await cloud.stop();

      // Act
      cloud = await startApiCloud({ stateDir });
      const after = await useKey(cloud);

      // Assert
      expect(after).toBe(429);
    } finally {
      await cloud.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
