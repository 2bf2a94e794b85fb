/**
 * Hostile input to Cognito and to everything that takes its tokens: SRP sign-in cannot tell
 * an unknown user from a real one (PreventUserExistenceErrors), usernames and attribute
 * names follow Cognito's patterns (a NUL byte is no name), and generated JWTs (claims of
 * every type, cut and spliced segments, forged signatures) are refused with each service's
 * 4xx by AppSync, the user pools API and the identity pools, never a 5xx.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local';
import { defaultServices } from '../../local/services';
import { clientConfig, startTestCloud } from '../helpers/cloud';
import { SrpClient } from '../helpers/srp-client';
import { Rng, Tally, mutateJson, mutateString, nastyValue } from './fuzz';
import { assertStillServes, expectTyped, send } from './wire';

const tally = new Tally();
const PASSWORD = 'Real-passw0rd!';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let cloud: LocalCloud;
let cognito: CognitoIdentityProviderClient;
let clientId: string;
let accessToken: string;
let idToken: string;

beforeAll(async () => {
  cloud = await startTestCloud({ services: defaultServices().filter((s) => ['iam', 'dynamodb', 'cognito', 'cognito-identity', 'appsync'].includes(s.name)) });
  cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  clientId = cloud.outputs.auth!.user_pool_client_id;
  const UserPoolId = cloud.outputs.auth!.user_pool_id;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: 'real@flare.test', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'real@flare.test' }, { Name: 'email_verified', Value: 'true' }] }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'real@flare.test', Password: PASSWORD, Permanent: true }));
  const srp = new SrpClient(UserPoolId.split('_')[1]);
  const started = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'real@flare.test', SRP_A: srp.A } }));
  const answered = await cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, PASSWORD) }));
  accessToken = answered.AuthenticationResult!.AccessToken!;
  idToken = answered.AuthenticationResult!.IdToken!;
});

afterAll(async () => {
  await cloud?.stop();
  tally.print('cognito');
});

const srpChallenge = async (username: string) => {
  const srp = new SrpClient(cloud.outputs.auth!.user_pool_id.split('_')[1]);
  const started = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.A } }));
  return { srp, parameters: started.ChallengeParameters! };
};

describe('SRP user enumeration (PreventUserExistenceErrors: ENABLED)', () => {
  it('an unknown user gets what a real one gets: a salt stable per name, a UUID as its id, the same shape', async () => {
    const real = [await srpChallenge('real@flare.test'), await srpChallenge('real@flare.test')].map((c) => c.parameters);
    const ghost = [await srpChallenge('ghost@flare.test'), await srpChallenge('ghost@flare.test'), await srpChallenge('GHOST@flare.test')].map((c) => c.parameters);
    for (const parameters of [...real, ...ghost]) {
      expect(Object.keys(parameters).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
      expect(parameters.USER_ID_FOR_SRP).toMatch(UUID);
      expect(parameters.USERNAME).toBe(parameters.USER_ID_FOR_SRP);
      expect(parameters.SALT).toMatch(/^(00)?[0-9a-f]{1,32}$/);
    }
    expect(real[1].SALT).toBe(real[0].SALT);
    expect(ghost[1].SALT).toBe(ghost[0].SALT);
    expect(ghost[1].USER_ID_FOR_SRP).toBe(ghost[0].USER_ID_FOR_SRP);
    // Sign-in names are case-insensitive in Flare's pool, for a ghost as for a real user.
    expect(ghost[2].SALT).toBe(ghost[0].SALT);
    expect(ghost[0].USER_ID_FOR_SRP).not.toBe('ghost@flare.test');
    expect((await srpChallenge('other-ghost@flare.test')).parameters.SALT).not.toBe(ghost[0].SALT);
    tally.add('srp', 6);
  });

  it('answering the unknown user\'s challenge fails exactly as a wrong password does', async () => {
    const answer = async (username: string, password: string) => {
      const { srp, parameters } = await srpChallenge(username);
      return cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(parameters, password) })).catch((error: Error) => error);
    };
    const wrongPassword = await answer('real@flare.test', 'Wrong-passw0rd!');
    const ghost = await answer('ghost@flare.test', 'Wrong-passw0rd!');
    expect(ghost).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect({ name: (ghost as Error).name, message: (ghost as Error).message }).toEqual({ name: (wrongPassword as Error).name, message: (wrongPassword as Error).message });
    tally.add('srp', 2);
  });
});

describe('usernames and attribute names', () => {
  it.each([
    ['a NUL byte', 'evil\u0000@flare.test'],
    ['a space', 'two words'],
    ['a line break', 'a\nb'],
    ['129 characters', 'a'.repeat(129)],
    ['a control character', 'bell\u0007'],
  ])('%s in a username is InvalidParameterException, without echoing the name', async (_what, username) => {
    const error = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Fuzz-passw0rd!', UserAttributes: [{ Name: 'email', Value: 'x@flare.test' }] })).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterException' });
    expect((error as Error).message).toMatch(/^1 validation error detected: Value at 'username' failed to satisfy constraint: Member must (satisfy regular expression pattern: \[\\p\{L\}\\p\{M\}\\p\{S\}\\p\{N\}\\p\{P\}\]\+|have length less than or equal to 128)$/);
    expect((error as Error).message).not.toContain(username);
    tally.add('usernames');
  });

  it('an attribute name with a NUL byte or a value over 2,048 characters is InvalidParameterException', async () => {
    for (const [Name, Value] of [['custom:a\u0000b', 'x'], ['name', 'x'.repeat(2049)]]) {
      const error = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'attr@flare.test', Password: 'Fuzz-passw0rd!', UserAttributes: [{ Name: 'email', Value: 'attr@flare.test' }, { Name, Value }] })).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'InvalidParameterException' });
      tally.add('usernames');
    }
  });
});

describe('generated JWTs', () => {
  const segments = (token: string) => token.split('.');
  const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');

  /** A token derived from a real one: claims or header mutated (the signature then no longer matches), or its text cut and spliced. */
  function hostileToken(rng: Rng): string {
    const [header, payload, signature] = segments(rng.chance(0.5) ? accessToken : idToken);
    switch (rng.int(5)) {
      case 0:
        return [header, encode(mutateJson(decode(payload), rng)), signature].join('.');
      case 1:
        return [encode(mutateJson(decode(header), rng)), payload, signature].join('.');
      case 2:
        return [header, encode({ ...(decode(payload) as object), iss: nastyValue(rng) }), signature].join('.');
      case 3:
        return [header, payload, mutateString(signature, rng)].join('.');
      default:
        return mutateString([header, payload, signature].join('.'), rng);
    }
  }

  it('are refused by AppSync (401), the user pools API and the identity pools (400), never with a 5xx', async () => {
    const rng = new Rng(0x3717);
    const pool = cloud.outputs.auth!.user_pool_id;
    for (let i = 0; i < 120; i++) {
      const token = hostileToken(rng).replace(/[\r\n]/g, '');
      // A mutation can leave the text as it was (a character replaced by itself): that is the real token.
      if (token === accessToken || token === idToken) continue;
      const appsync = await send(cloud.endpoint, { method: 'POST', path: '/graphql', headers: { authorization: token, 'content-type': 'application/json' }, body: '{"query":"{ listServices { items { id } } }"}' }).catch(() => undefined);
      if (appsync) expectTyped(appsync, `AppSync ${token}`);
      const getUser = await send(cloud.endpoint, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' }, body: JSON.stringify({ AccessToken: token }) });
      expectTyped(getUser, `GetUser ${token.slice(0, 120)}`);
      const getId = await send(cloud.endpoint, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId' }, body: JSON.stringify({ IdentityPoolId: cloud.outputs.auth!.identity_pool_id, Logins: { [`cognito-idp.us-east-1.amazonaws.com/${pool}`]: token } }) });
      expectTyped(getId, `GetId ${token.slice(0, 120)}`);
      tally.add('jwt', 3);
    }
    // The real tokens still work.
    const ok = await send(cloud.endpoint, { method: 'POST', path: '/graphql', headers: { authorization: accessToken, 'content-type': 'application/json' }, body: '{"query":"{ listServices { items { id } } }"}' });
    expect(ok.status).toBe(200);
    await assertStillServes(cloud.endpoint);
  });

  it('a real token with characters added to or changed within its signature\'s encoding is refused, not decoded leniently', async () => {
    const [header, payload, signature] = segments(accessToken);
    // The last character carries spare bits: another character with the same significant bits decodes to the same bytes.
    const last = signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[(alphabet.indexOf(last) & ~0b11) | ((alphabet.indexOf(last) + 1) & 0b11)];
    for (const forged of [`${signature}!`, `${signature.slice(0, 10)}*${signature.slice(10)}`, `${signature.slice(0, -1)}${sameBytes}`]) {
      const getUser = await send(cloud.endpoint, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' }, body: JSON.stringify({ AccessToken: [header, payload, forged].join('.') }) });
      expect(getUser.status, forged.slice(-12)).toBe(400);
      expect(getUser.json().__type).toBe('NotAuthorizedException');
      tally.add('jwt');
    }
  });

  it('an issuer that is an object is a 401 from AppSync and a 400 from the identity pools (it was a 500)', async () => {
    const [header, payload, signature] = segments(idToken);
    const token = [header, encode({ ...(decode(payload) as object), iss: { toString: 1, valueOf: 1 } }), signature].join('.');
    const appsync = await send(cloud.endpoint, { method: 'POST', path: '/graphql', headers: { authorization: token, 'content-type': 'application/json' }, body: '{"query":"{ listServices { items { id } } }"}' });
    expect(appsync.status).toBe(401);
    expect(appsync.json().errors[0].errorType).toBe('UnauthorizedException');
    const getId = await send(cloud.endpoint, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId' }, body: JSON.stringify({ IdentityPoolId: cloud.outputs.auth!.identity_pool_id, Logins: { [`cognito-idp.us-east-1.amazonaws.com/${cloud.outputs.auth!.user_pool_id}`]: token } }) });
    expect(getId.status).toBe(400);
    expect(getId.json().__type).toBe('NotAuthorizedException');
    tally.add('jwt', 2);
  });
});
