import { Amplify } from 'aws-amplify';
import { del, get, post } from 'aws-amplify/api';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { installLocalApis, localApiSettings, localApiUrl } from '../../../local/client/api';
import { apiIds, startApiCloud, userTokens } from './helpers';

/**
 * The unmodified aws-amplify v6 REST API client (`aws-amplify/api`) against the local API
 * Gateway, configured as Amplify's guides configure it (the APIs' AWS URLs from
 * `custom.API` of amplify_outputs.json) and reaching the edge through the client adapter
 * (local/client/api.ts). IAM routes are signed by Amplify with the identity pool's credentials.
 */
describe('aws-amplify v6 REST API client against the local API Gateway', () => {
  let cloud: LocalCloud;
  let ids: ReturnType<typeof apiIds>;
  let restore: () => void;

  beforeAll(async () => {
    cloud = await startApiCloud();
    ids = apiIds(cloud);
    await userTokens(cloud, 'amplify-rest@example.com');
    const config = amplifyConfig(cloud.outputs);
    const custom = cloud.outputs.custom as { API: Record<string, { endpoint: string; region: string }> };
    Amplify.configure({ ...config, API: { ...config.API, REST: custom.API } });
    restore = installLocalApis(cloud.outputs);
  });
  afterAll(async () => {
    restore?.();
    await signOut().catch(() => undefined);
    await cloud?.stop();
  });

  it('the outputs carry the APIs’ AWS URLs and the ids the adapter rewrites', () => {
    // Act
    const settings = localApiSettings(cloud.outputs)!;
    const custom = cloud.outputs.custom as { API: Record<string, { endpoint: string }> };

    // Assert
    expect([...settings.apiIds].sort()).toEqual([ids.http, ids.rest, ids.quick, ids.unpermitted].sort());
    expect(custom.API.fixtureRestApi.endpoint).toBe(`https://${ids.rest}.execute-api.us-east-1.amazonaws.com/dev/`);
    expect(localApiUrl(`${custom.API.fixtureRestApi.endpoint}items?x=1`, settings)).toBe(`${cloud.endpoint}/_aws/execute-api/${ids.rest}/dev/items?x=1`);
    // Anything else, other APIs' URLs included, passes unchanged.
    expect(localApiUrl('https://abcdefghij.execute-api.us-east-1.amazonaws.com/dev/items', settings)).toBe('https://abcdefghij.execute-api.us-east-1.amazonaws.com/dev/items');
    expect(localApiUrl('https://example.com/x', settings)).toBe('https://example.com/x');
  });

  it('get and del on the REST API’s IAM resources, signed with the guest credentials of the identity pool', async () => {
    // Act
    const listed = await get({ apiName: 'fixtureRestApi', path: 'items', options: { queryParams: { page: '2' } } }).response;
    const body = (await listed.body.json()) as { event: { requestContext: { identity: { cognitoIdentityId: string | null } }; queryStringParameters: unknown } };
    const deleted = await del({ apiName: 'fixtureRestApi', path: 'items/7' }).response;

    // Assert
    expect(listed.statusCode).toBe(200);
    expect(body.event.queryStringParameters).toEqual({ page: '2' });
    expect(body.event.requestContext.identity.cognitoIdentityId).toMatch(/^us-east-1:/);
    expect(deleted.statusCode).toBe(200);
  });

  it('post on the HTTP API’s IAM route, the JSON body passed through', async () => {
    // Act
    const answer = await post({ apiName: 'fixtureHttpApi', path: 'items', options: { body: { title: 'from amplify' } } }).response;
    const body = (await answer.body.json()) as { event: { body: string; routeKey: string } };

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(body.event.routeKey).toBe('POST /items');
    expect(JSON.parse(body.event.body)).toEqual({ title: 'from amplify' });
  });

  it('a signed-in user’s id token on the REST API’s Cognito authorizer', async () => {
    // Prepare
    await signIn({ username: 'amplify-rest@example.com', password: 'Test-passw0rd!' });
    const { fetchAuthSession } = await import('aws-amplify/auth');
    const idToken = (await fetchAuthSession()).tokens!.idToken!.toString();

    // Act
    const answer = await get({ apiName: 'fixtureRestApi', path: 'cognito-auth-path', options: { headers: { Authorization: idToken } } }).response;
    const body = (await answer.body.json()) as { event: { requestContext: { authorizer: { claims: { email: string } } } } };

    // Assert
    expect(body.event.requestContext.authorizer.claims.email).toBe('amplify-rest@example.com');
  });

  it('a refusal reaches the caller as Amplify’s error with API Gateway’s status', async () => {
    // Act
    let caught: unknown;
    try {
      await get({ apiName: 'fixtureRestApi', path: 'keyed' }).response;
    } catch (error) {
      caught = error;
    }

    // Assert
    expect((caught as { response?: { statusCode: number } }).response?.statusCode).toBe(401);
  });
});
