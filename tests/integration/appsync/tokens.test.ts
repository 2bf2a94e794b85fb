/**
 * User-pool tokens AppSync must refuse, with the real local Cognito behind it: a forged
 * token (payload changed after signing, or signed with a key that is not the pool's), an
 * expired one (minted while the pool's clock stood an hour and a half back), one issued to
 * an app client the API's AppIdClientRegex does not admit, and one from another local
 * cloud's pool. Each is a 401 UnauthorizedException for the whole request, through the
 * wire and through the real aws-amplify client. Messages are pinned where AppSync's wording
 * is known ("Token has expired.", "Unable to parse JWT token."); for a bad signature, a
 * foreign pool or client, AWS does not document the wording, so only the type is checked.
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { generateKeyPair, SignJWT } from 'jose';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { Reporter, startLocalCloud, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { cognitoService } from '../../../local/cognito';
import { accessToken, createUser, signInAs, TEST_PASSWORD } from '../../helpers/flare-users';
import { SrpClient } from '../../helpers/srp-client';
import { appsyncTestServices, startFlareCloud } from './helpers';

const root = { accessKeyId: 'test', secretAccessKey: 'test' };
const ONE_AND_A_HALF_HOURS = 90 * 60 * 1000;

/** A user pool's tokens for `email`, by SRP through the AWS SDK (the client Flare's app client allows). */
async function srpTokens(cloud: LocalCloud, email: string): Promise<{ AccessToken: string; IdToken: string }> {
  const poolId = cloud.outputs.auth!.user_pool_id;
  const ClientId = cloud.outputs.auth!.user_pool_client_id;
  const cognito = new CognitoIdentityProviderClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: root });
  const srp = new SrpClient(poolId.split('_')[1]);
  const started = await cognito.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
  const answered = await cognito.send(new RespondToAuthChallengeCommand({ ClientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, TEST_PASSWORD) }));
  return answered.AuthenticationResult as { AccessToken: string; IdToken: string };
}

const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<string, unknown>;

/** POSTs a GraphQL request with a raw Authorization header: the wire answer AppSync gives. */
async function post(url: string, authorization: string, query = '{ listServices { items { id } } }') {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: (await response.json()) as { data?: unknown; errors: { errorType: string; message: string }[] } };
}

describe('tokens of Flare’s user pool', () => {
  let cloud: LocalCloud;
  let url: string;
  /** The pool's clock offset (ms): tokens minted while it is negative are born old. */
  let skew = 0;
  let valid: string;
  let expired: { AccessToken: string; IdToken: string };
  const client = generateClient<Schema>();

  beforeAll(async () => {
    const services = appsyncTestServices(['iam', 'dynamodb', 'cognito-identity', 'appsync']);
    // The pool's own service, on a clock the test can set back (before cognito-identity, as in the default order).
    services.splice(services.findIndex((s) => s.name === 'cognito-identity'), 0, cognitoService({ now: () => Date.now() + skew }));
    cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, outputsFile: false, synth: false, services, reporter: new Reporter({ level: 'warn' }) });
    url = (cloud.outputs.data as { url: string }).url;
    Amplify.configure(amplifyConfig(cloud.outputs));
    await createUser(cloud, 'responder@example.com', ['RESPONDERS']);
    skew = -ONE_AND_A_HALF_HOURS;
    try {
      expired = await srpTokens(cloud, 'responder@example.com');
    } finally {
      skew = 0;
    }
    await signInAs('responder@example.com');
    valid = await accessToken();
  });
  afterAll(() => cloud?.stop());

  it('a valid access token is accepted (the baseline)', async () => {
    const { status, body } = await post(url, valid);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('a token whose payload was changed after signing (a forged group) is 401 UnauthorizedException', async () => {
    // Prepare: claim ADMINS, keep the original signature.
    const [head, payload, signature] = valid.split('.');
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), 'cognito:groups': ['ADMINS'] };
    const forged = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;

    // Act
    const { status, errorType, body } = await post(url, forged);

    // Assess
    expect(status).toBe(401);
    expect(errorType).toBe('UnauthorizedException');
    expect(body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: expect.any(String) }] });
  });

  it('a token signed with a key that is not the pool’s (same kid, issuer and claims) is 401', async () => {
    // Prepare: an attacker's RS256 key, everything else copied from a real token.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decode(valid)).setProtectedHeader({ alg: 'RS256', kid: String(header(valid).kid) }).sign(privateKey);

    // Act
    const { status, body } = await post(url, forged);

    // Assess
    expect(status).toBe(401);
    expect(body.errors).toEqual([{ errorType: 'UnauthorizedException', message: expect.any(String) }]);
  });

  it('an unsigned token (alg none) and a token that is not a JWT are 401', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: header(valid).kid })).toString('base64url')}.${valid.split('.')[1]}.`;
    expect((await post(url, unsigned)).status).toBe(401);
    const garbage = await post(url, 'not-a-token');
    expect(garbage.status).toBe(401);
    expect(garbage.body.errors).toEqual([{ errorType: 'UnauthorizedException', message: 'Unable to parse JWT token.' }]);
  });

  it('an expired access or id token is 401 "Token has expired."', async () => {
    // The pool signed these; only time is wrong with them.
    expect(decode(expired.AccessToken).exp as number).toBeLessThan(Date.now() / 1000);
    for (const token of [expired.AccessToken, expired.IdToken]) {
      const { status, body } = await post(url, token);
      expect(status).toBe(401);
      expect(body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] });
    }
  });

  it('the real aws-amplify client reports the 401 as its Unauthorized error, with no items', async () => {
    // aws-amplify turns any 401 from AppSync into this error (with a hint about authMode).
    const refused = await client.models.Service.list({ headers: { Authorization: expired.AccessToken } });
    expect(refused.data).toEqual([]);
    expect(refused.errors).toEqual([expect.objectContaining({ message: 'Unauthorized' })]);
    const accepted = await client.models.Service.list();
    expect(accepted.errors).toBeUndefined();
  });

  it('a token from another local cloud’s pool (same template, its own keys and issuer) is 401', async () => {
    // Prepare
    const other = await startFlareCloud(['iam', 'cognito']);
    try {
      await createUser(other, 'responder@example.com', ['RESPONDERS']);
      const foreign = await srpTokens(other, 'responder@example.com');
      expect(decode(foreign.AccessToken).iss).not.toBe(decode(valid).iss);

      // Act
      const results = await Promise.all([foreign.AccessToken, foreign.IdToken].map((token) => post(url, token)));

      // Assess
      for (const { status, body } of results) {
        expect(status).toBe(401);
        expect(body.errors).toEqual([{ errorType: 'UnauthorizedException', message: expect.any(String) }]);
      }
    } finally {
      await other.stop();
    }
  });
});

describe('AppIdClientRegex: tokens issued to another app client of the same pool', () => {
  let cloud: LocalCloud;
  let url: string;
  let poolId: string;
  const clientIds: Record<'app' | 'other', string> = { app: '', other: '' };

  beforeAll(async () => {
    cloud = await startLocalCloud({
      projectDir: process.cwd(),
      cdkOut: path.resolve('tests/fixtures/appsync-user-pool-clients'),
      port: 0,
      inMemory: true,
      outputsFile: false,
      synth: false,
      services: appsyncTestServices(['iam', 'cognito', 'appsync']),
      reporter: new Reporter({ level: 'warn' }),
    });
    const ref = (logicalId: string) => String(cloud.assembly.resources().find((r) => r.logicalId === logicalId)!.ref());
    poolId = ref('Pool');
    clientIds.app = ref('AppClient');
    clientIds.other = ref('OtherClient');
    url = `${cloud.endpoint}/graphql`;
    const cognito = new CognitoIdentityProviderClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: root });
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ann', MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ann', Password: TEST_PASSWORD, Permanent: true }));
  });
  afterAll(() => cloud?.stop());

  async function tokensFor(client: 'app' | 'other') {
    const cognito = new CognitoIdentityProviderClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: root });
    const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({ ClientId: clientIds[client], AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD: TEST_PASSWORD } }));
    return AuthenticationResult as { AccessToken: string; IdToken: string };
  }

  it('tokens of the admitted client are accepted (access: client_id, id: aud)', async () => {
    const tokens = await tokensFor('app');
    for (const token of [tokens.AccessToken, tokens.IdToken]) {
      const { status, body } = await post(url, token, '{ whoami }');
      expect(status).toBe(200);
      expect(body).toEqual({ data: { whoami: 'ann' } });
    }
  });

  it('valid tokens of the same user from the other app client are 401 UnauthorizedException', async () => {
    const tokens = await tokensFor('other');
    expect(decode(tokens.AccessToken).client_id).toBe(clientIds.other);
    for (const token of [tokens.AccessToken, tokens.IdToken]) {
      const { status, errorType, body } = await post(url, token, '{ whoami }');
      expect(status).toBe(401);
      expect(errorType).toBe('UnauthorizedException');
      expect(body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: expect.any(String) }] });
    }
  });
});
