import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam/types';
import { roleArn } from '../../helpers/cloud';
import { apiIds, call, invokeUrl, signedCall, startApiCloud, userTokens } from './helpers';

/**
 * The fixture's HTTP API (API Gateway v2) through the wire, as API Gateway's developer guide
 * documents it: route and stage selection, the Lambda proxy events of payload formats 2.0 and
 * 1.0, how the function's answer becomes the response, CORS answered by API Gateway, IAM, JWT
 * (Cognito) and Lambda authorizers, and API Gateway's own `{"message": …}` errors.
 */
describe('HTTP API (API Gateway v2) from the assembly', () => {
  let cloud: LocalCloud;
  let apiId: string;
  let ids: ReturnType<typeof apiIds>;
  const url = (pathAndQuery: string) => invokeUrl(cloud, apiId, pathAndQuery);

  beforeAll(async () => {
    cloud = await startApiCloud();
    ids = apiIds(cloud);
    apiId = ids.http;
  });
  afterAll(() => cloud?.stop());

  describe('Lambda proxy, payload format 2.0', () => {
    it('sends the documented 2.0 event: route key, raw path and query, lower-cased headers, cookies, query values joined, path parameters, request context', async () => {
      // Act
      const answer = await call(url('/pets/cat?color=black&color=white&single=1'), {
        headers: { 'X-Custom': 'a', Cookie: 'c1=v1; c2=v2', 'User-Agent': 'fixture-agent' },
      });

      // Assert
      expect(answer.status).toBe(200);
      const { event } = answer.json;
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'GET /pets/{petId}',
        rawPath: '/pets/cat',
        rawQueryString: 'color=black&color=white&single=1',
        cookies: ['c1=v1', 'c2=v2'],
        queryStringParameters: { color: 'black,white', single: '1' },
        pathParameters: { petId: 'cat' },
        isBase64Encoded: false,
        requestContext: {
          accountId: expect.stringMatching(/^\d{12}$/),
          apiId,
          domainName: `${apiId}.execute-api.us-east-1.amazonaws.com`,
          domainPrefix: apiId,
          http: { method: 'GET', path: '/pets/cat', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fixture-agent' },
          routeKey: 'GET /pets/{petId}',
          stage: '$default',
          requestId: expect.any(String),
          time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
          timeEpoch: expect.any(Number),
        },
      });
      expect(event.headers['x-custom']).toBe('a');
      expect(event.headers.cookie).toBeUndefined();
      expect(event.stageVariables).toBeUndefined();
      expect(event.body).toBeUndefined();
      expect(answer.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
    });

    it('passes a text body as it is and a binary one base64-encoded', async () => {
      // Act
      const json = await call(url('/public/echo'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      const binary = await call(url('/public/echo'), { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]) });

      // Assert
      expect(json.json.event).toMatchObject({ body: '{"a":1}', isBase64Encoded: false, routeKey: 'ANY /public/{proxy+}', pathParameters: { proxy: 'echo' } });
      // The fixture's handler answers a base64 body decoded to hex.
      expect(binary.json.event).toMatchObject({ body: '000102ff', isBase64Encoded: true });
    });

    it('passes the caller’s X-Amzn-Trace-Id to the function as _X_AMZN_TRACE_ID', async () => {
      // Prepare
      const trace = 'Root=1-5f84c7a9-0123456789abcdef01234567;Sampled=1';

      // Act
      const answer = await call(url('/public/trace'), { headers: { 'X-Amzn-Trace-Id': trace } });

      // Assert
      expect(answer.json.traceId).toBe(trace);
    });

    it('makes the response from statusCode, headers, cookies and body (multiValueHeaders are format 1.0 only)', async () => {
      // Act
      const answer = await call(url('/public/status/201'));

      // Assert
      expect(answer.status).toBe(201);
      expect(answer.headers.get('x-fixture')).toBe('status');
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.headers.getSetCookie()).toEqual(['session=abc; Path=/']);
      expect(answer.headers.get('x-multi')).toBeNull();
      expect(answer.json).toEqual({ status: 201 });
    });

    it('infers a 200 JSON response from an answer without statusCode, and decodes a base64 body', async () => {
      // Act
      const raw = await call(url('/public/raw'));
      const text = await call(url('/public/malformed'));
      const binary = await fetch(url('/public/binary'));

      // Assert
      expect(raw).toMatchObject({ status: 200, json: { raw: true } });
      expect(raw.headers.get('content-type')).toBe('application/json');
      // A string is valid JSON: format 2.0 takes it as the body.
      expect(text).toMatchObject({ status: 200, text: 'not a proxy response' });
      expect(binary.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]));
    });

    it('answers 500 Internal Server Error when the function fails', async () => {
      // Act
      const answer = await call(url('/public/throw'));

      // Assert
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ message: 'Internal Server Error' });
    });
    it('answers 500 for a function that runs past its own timeout (3 s), and serves other requests meanwhile', async () => {
      // Act
      const slow = call(url('/public/sleep'));
      const meanwhile = await call(url('/pets/1'));

      // Assert
      expect(meanwhile.status).toBe(200);
      expect(await slow).toMatchObject({ status: 500, json: { message: 'Internal Server Error' } });
    });
  });

  describe('routes and stages', () => {
    it('prefers a full literal match over a parameter, and a parameter over nothing', async () => {
      // Act
      const literal = await call(url('/pets/dog/1'));
      const param = await call(url('/pets/dog'));

      // Assert
      expect(literal.json.event.routeKey).toBe('GET /pets/dog/1');
      expect(param.json.event).toMatchObject({ routeKey: 'GET /pets/{petId}', pathParameters: { petId: 'dog' } });
    });

    it('gives a greedy {proxy+} every remaining segment, decoded', async () => {
      // Act
      const answer = await call(url('/public/a/b%20c/d'));

      // Assert
      expect(answer.json.event).toMatchObject({ routeKey: 'ANY /public/{proxy+}', rawPath: '/public/a/b%20c/d', pathParameters: { proxy: 'a/b c/d' } });
    });

    it('answers 404 {"message":"Not Found"} for a path or method no route has', async () => {
      // Act
      const path = await call(url('/nowhere'));
      const method = await call(url('/pets/dog'), { method: 'DELETE' });

      // Assert
      for (const answer of [path, method]) {
        expect(answer.status).toBe(404);
        expect(answer.json).toEqual({ message: 'Not Found' });
      }
    });

    it('selects a named stage by the first segment, with its stage variables; the path keeps the stage', async () => {
      // Act
      const answer = await call(url('/beta/pets/7'));

      // Assert
      expect(answer.json.event).toMatchObject({
        rawPath: '/beta/pets/7',
        pathParameters: { petId: '7' },
        stageVariables: { greeting: 'hello-beta' },
        requestContext: { stage: 'beta', http: { path: '/beta/pets/7' } },
      });
    });

    it('throttles a stage past its burst with 429 Too Many Requests, other stages untouched', async () => {
      // Act: the throttled stage allows a burst of 2 and refills one request every 100 s
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await call(url('/throttled/pets/1')));
      const otherStage = await call(url('/pets/1'));

      // Assert
      expect(statuses.map((answer) => answer.status)).toEqual([200, 200, 429]);
      expect(statuses[2].json).toEqual({ message: 'Too Many Requests' });
      expect(otherStage.status).toBe(200);
    });

    it('runs a quick-create API (Target: a $default route and stage), and answers 500 when no Lambda permission lets API Gateway invoke the function', async () => {
      // Act
      const quick = await call(invokeUrl(cloud, ids.quick, '/any/path?x=1'), { method: 'POST', body: 'hi', headers: { 'content-type': 'text/plain' } });
      const unpermitted = await call(invokeUrl(cloud, ids.unpermitted, '/any/path'));

      // Assert
      expect(quick.status).toBe(200);
      expect(quick.json.event).toMatchObject({ version: '2.0', routeKey: '$default', rawPath: '/any/path', body: 'hi', requestContext: { apiId: ids.quick, stage: '$default' } });
      expect(unpermitted).toMatchObject({ status: 500, json: { message: 'Internal Server Error' } });
    });

    it('answers 404 for an API the cloud does not have', async () => {
      // Act
      const answer = await call(invokeUrl(cloud, 'nosuchapi1', '/pets/1'));

      // Assert
      expect(answer).toMatchObject({ status: 404, json: { message: 'Not Found' } });
    });

    it('answers host style, as <apiId>.execute-api.localhost', async () => {
      // Act: node:http, so the Host header is ours to set
      const port = Number(new URL(cloud.endpoint).port);
      const body = await new Promise<string>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path: '/pets/host', headers: { host: `${apiId}.execute-api.localhost:${port}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        })
          .on('error', reject)
          .end();
      });

      // Assert
      expect(JSON.parse(body).event).toMatchObject({ routeKey: 'GET /pets/{petId}', pathParameters: { petId: 'host' } });
    });

    it('refuses a body over 10 MB with 413 and keeps serving', async () => {
      // Act
      const tooLarge = await call(url('/public/big'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) });
      const after = await call(url('/pets/1'));

      // Assert
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.json).toEqual({ message: 'Request Entity Too Large' });
      expect(after.status).toBe(200);
    });
  });

  describe('Lambda proxy, payload format 1.0', () => {
    it('sends the 1.0 event (last value of repeated headers and query parameters, multi-value maps beside them)', async () => {
      // Act
      const answer = await call(url('/v1/things/9?tag=a&tag=b'), { method: 'POST', headers: { 'content-type': 'application/json', 'X-Twice': 'one' }, body: '{"n":1}' });

      // Assert
      expect(answer.status).toBe(200);
      expect(answer.json.event).toMatchObject({
        version: '1.0',
        resource: '/v1/{proxy+}',
        path: '/v1/things/9',
        httpMethod: 'POST',
        queryStringParameters: { tag: 'b' },
        multiValueQueryStringParameters: { tag: ['a', 'b'] },
        pathParameters: { proxy: 'things/9' },
        stageVariables: null,
        body: '{"n":1}',
        isBase64Encoded: false,
        requestContext: { apiId, httpMethod: 'POST', path: '/v1/things/9', resourcePath: '/v1/{proxy+}', stage: '$default', identity: { sourceIp: '127.0.0.1' } },
      });
      expect(answer.json.event.headers['x-twice']).toBe('one');
      expect(answer.json.event.multiValueHeaders['x-twice']).toEqual(['one']);
    });

    it('reads multiValueHeaders in the answer', async () => {
      // Act
      const answer = await call(url('/v1/status/202'));

      // Assert
      expect(answer.status).toBe(202);
      expect(answer.headers.get('x-multi')).toBe('one, two');
    });

    it('answers 500 for an answer without statusCode', async () => {
      // Act
      const answer = await call(url('/v1/raw'));

      // Assert
      expect(answer).toMatchObject({ status: 500, json: { message: 'Internal Server Error' } });
    });
  });

  describe('CORS configured on the API', () => {
    it('answers a preflight itself, before the route’s authorization', async () => {
      // Act: /items needs IAM, and the preflight is not signed
      const answer = await call(url('/items'), {
        method: 'OPTIONS',
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,authorization' },
      });

      // Assert
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE');
      expect(answer.headers.get('access-control-allow-headers')).toContain('content-type');
      expect(answer.headers.get('access-control-expose-headers')).toBe('x-fixture');
      expect(answer.headers.get('access-control-max-age')).toBe('600');
    });

    it('gives a preflight for a method it does not allow no CORS headers', async () => {
      // Act
      const answer = await call(url('/items'), { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PATCH' } });

      // Assert
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('replaces the function’s own CORS headers with the configured ones, on errors too', async () => {
      // Act
      const ok = await call(url('/public/cors'), { headers: { Origin: 'https://app.example' } });
      const notFound = await call(url('/nowhere'), { headers: { Origin: 'https://app.example' } });

      // Assert
      expect(ok.headers.get('access-control-allow-origin')).toBe('*');
      expect(ok.headers.get('access-control-expose-headers')).toBe('x-fixture');
      expect(notFound.status).toBe(404);
      expect(notFound.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('IAM authorization', () => {
    it('refuses an unsigned request with 403 Forbidden', async () => {
      // Act
      const answer = await call(url('/items'));

      // Assert
      expect(answer).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    });

    it('lets a role whose policy allows execute-api:Invoke on the route in, and shows the caller in requestContext.authorizer.iam', async () => {
      // Prepare: the identity pool's guest role, as the fixture's policy allows it
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'), { sessionName: 'CognitoIdentityCredentials' });

      // Act
      const get = await signedCall(cloud, apiId, '/items?x=1', credentials);
      const post = await signedCall(cloud, apiId, '/items/abc', credentials, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });

      // Assert
      expect(get.status).toBe(200);
      expect(get.json.event.requestContext.authorizer.iam).toMatchObject({ accessKey: credentials.accessKeyId, userArn: expect.stringContaining('assumed-role/') });
      expect(post.status).toBe(200);
      expect(post.json.event).toMatchObject({ routeKey: 'ANY /items/{proxy+}', body: '{"a":1}' });
    });

    it('refuses a signed caller whose policies do not allow the route with 403, and a bad signature with 403', async () => {
      // Prepare: a function's role, which has no execute-api permission
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'apihandlerlambdaServiceRole'), { sessionName: 'fn' });

      // Act
      const denied = await signedCall(cloud, apiId, '/items', credentials);
      const forged = await signedCall(cloud, apiId, '/items', { ...credentials, secretAccessKey: 'wrong' });

      // Assert
      expect(denied).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
      expect(forged).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    });
  });

  describe('JWT authorizer on the Cognito user pool', () => {
    let tokens: { idToken: string; accessToken: string };
    beforeAll(async () => {
      tokens = await userTokens(cloud, 'http-jwt@example.com');
    });

    it('answers 401 Unauthorized without a token, and for a token that is not the pool’s', async () => {
      // Act
      const missing = await call(url('/cognito-auth-path'));
      const forged = await call(url('/cognito-auth-path'), { headers: { Authorization: `Bearer ${tokens.idToken.slice(0, -4)}AAAA` } });

      // Assert
      expect(missing).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
      expect(forged).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
    });

    it('accepts the pool’s id and access tokens (audience or client_id), passing the claims on', async () => {
      // Act
      const id = await call(url('/cognito-auth-path'), { headers: { Authorization: `Bearer ${tokens.idToken}` } });
      const access = await call(url('/cognito-auth-path'), { headers: { Authorization: tokens.accessToken } });

      // Assert
      expect(id.status).toBe(200);
      expect(id.json.event.requestContext.authorizer.jwt.claims).toMatchObject({ email: 'http-jwt@example.com', token_use: 'id' });
      expect(access.status).toBe(200);
      expect(access.json.event.requestContext.authorizer.jwt.claims).toMatchObject({ token_use: 'access', client_id: cloud.outputs.auth!.user_pool_client_id });
    });

    it('checks the route’s scopes: an access token with one of them passes (scopes shown), one without any is 403', async () => {
      // Act
      const scoped = await call(url('/scoped'), { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
      const idToken = await call(url('/scoped'), { headers: { Authorization: `Bearer ${tokens.idToken}` } });
      const otherScope = await call(url('/scoped-write'), { headers: { Authorization: `Bearer ${tokens.accessToken}` } });

      // Assert
      expect(scoped.status).toBe(200);
      expect(scoped.json.event.requestContext.authorizer.jwt.scopes).toEqual(['aws.cognito.signin.user.admin']);
      expect(idToken).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
      expect(otherScope).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    });
  });

  describe('Lambda authorizers', () => {
    it('simple answers: 401 without the identity source, 403 for isAuthorized false, the context passed on when allowed', async () => {
      // Act
      const missing = await call(url('/simple-auth'));
      const denied = await call(url('/simple-auth'), { headers: { Authorization: 'deny' } });
      const allowed = await call(url('/simple-auth'), { headers: { Authorization: 'allow' } });

      // Assert
      expect(missing).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
      expect(denied).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
      expect(allowed.status).toBe(200);
      expect(allowed.json.event.requestContext.authorizer.lambda).toMatchObject({ token: 'allow', kind: 'REQUEST', version: '2.0', flag: true, count: 3 });
    });

    it('caches an answer by identity for the authorizer’s TTL, and calls an uncached one every time', async () => {
      // Act
      const first = await call(url('/simple-auth'), { headers: { Authorization: 'Bearer allow' } });
      const second = await call(url('/simple-auth'), { headers: { Authorization: 'Bearer allow' } });
      const uncachedFirst = await call(url('/uncached-auth?token=allow'));
      const uncachedSecond = await call(url('/uncached-auth?token=allow'));

      // Assert
      const calls = (answer: { json: { event: { requestContext: { authorizer: { lambda: { calls: number } } } } } }) => answer.json.event.requestContext.authorizer.lambda.calls;
      expect(first.status).toBe(200);
      expect(calls(second)).toBe(calls(first));
      expect(uncachedFirst.status).toBe(200);
      expect(calls(uncachedSecond)).toBeGreaterThan(calls(uncachedFirst));
    });

    it('answers 500 when the authorizer fails or answers neither shape', async () => {
      // Act
      const failed = await call(url('/simple-auth'), { headers: { Authorization: 'error' } });
      const malformed = await call(url('/simple-auth'), { headers: { Authorization: 'malformed' } });

      // Assert
      expect(failed).toMatchObject({ status: 500, json: { message: 'Internal Server Error' } });
      expect(malformed).toMatchObject({ status: 500, json: { message: 'Internal Server Error' } });
    });

    it('IAM policy answers: the route ARN allowed passes with principalId and context; a policy for other routes is 403', async () => {
      // Act
      const allowed = await call(url('/policy/a/b'), { headers: { Authorization: 'allow' } });
      const elsewhere = await call(url('/policy/a/b'), { headers: { Authorization: 'allow-items' } });
      const denied = await call(url('/policy/a/b'), { headers: { Authorization: 'deny' } });

      // Assert
      expect(allowed.status).toBe(200);
      expect(allowed.json.event.requestContext.authorizer.lambda).toMatchObject({ principalId: 'fixture-user', token: 'allow' });
      expect(elsewhere).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
      expect(denied).toMatchObject({ status: 403, json: { message: 'Forbidden' } });
    });
  });
});
