import {
  AdminCreateUserCommand,
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { cognitoService, type LocalCognitoService } from '../../../local/cognito';
import { iamService } from '../../../local/iam';
import { clientConfig, startTestCloud } from '../../helpers/cloud';
import { FakeLambdaService } from '../../helpers/fake-lambda';
import { latestCode, outboxFor } from './helpers';

const FIXTURE = fileURLToPath(new URL('../../fixtures/cognito', import.meta.url));
const claimsOf = (jwt: string | undefined) => JSON.parse(Buffer.from(jwt!.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

function startFixture(lambda: FakeLambdaService, stateDir?: string): Promise<LocalCloud> {
  return startTestCloud({ cdkOut: FIXTURE, stateDir, services: [iamService(), lambda, cognitoService()], reporter: new Reporter({ level: 'silent' }) });
}

/**
 * Lambda triggers with Cognito's event shapes (through a test double of the Lambda service,
 * at its contract), and the pool and client settings Flare's pool does not use: username
 * sign-in with an email alias, case sensitivity, USER_PASSWORD_AUTH, client secrets, LEGACY
 * existence errors, token validity units, clients without revocation, persistence.
 */
describe('Cognito triggers and client settings (fixture pools)', () => {
  const lambda = new FakeLambdaService();
  let cloud: LocalCloud;
  let client: CognitoIdentityProviderClient;
  let poolId: string;
  let emailPoolId: string;
  const clients: Record<string, string> = {};
  let counter = 0;
  const name = () => `user${Date.now()}x${++counter}`;

  beforeAll(async () => {
    cloud = await startFixture(lambda);
    poolId = cloud.assembly.ofType('AWS::Cognito::UserPool').find((pool) => pool.logicalId === 'UsernamePool')!.ref();
    emailPoolId = cloud.assembly.ofType('AWS::Cognito::UserPool').find((pool) => pool.logicalId === 'EmailPool')!.ref();
    for (const resource of cloud.assembly.ofType('AWS::Cognito::UserPoolClient')) clients[resource.logicalId] = resource.ref();
    client = new CognitoIdentityProviderClient(clientConfig(cloud));
  });
  afterAll(() => cloud?.stop());
  beforeEach(() => {
    for (const fn of ['fixture-pre-sign-up', 'fixture-post-confirmation', 'fixture-custom-message', 'fixture-pre-authentication', 'fixture-pre-token', 'fixture-pre-token-v1']) lambda.handle(fn, undefined);
  });

  /** Signs a user up through the password client and confirms them with the outbox code. */
  async function confirmed(username = name(), email = `${username}@example.com`) {
    await client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: username, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: email }] }));
    await client.send(new ConfirmSignUpCommand({ ClientId: clients.PasswordClient, Username: username, ConfirmationCode: await latestCode(cloud.endpoint, email, 'SignUp') }));
    return { username, email };
  }

  const passwordAuth = (username: string, password = 'longenough1', clientId = clients.PasswordClient, extra: Record<string, string> = {}) =>
    client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }));

  describe('triggers', () => {
    it('PreSignUp, CustomMessage and PostConfirmation receive Cognito’s events', async () => {
      // Prepare
      lambda.handle('fixture-custom-message', (event) => ({ ...event, response: { emailSubject: 'Welcome aboard', emailMessage: `Hi ${(event.request as { userAttributes: Record<string, string> }).userAttributes['custom:tenant']}, your code is {####}`, smsMessage: null } }));
      const username = name();
      const email = `${username}@example.com`;

      // Act
      await client.send(new SignUpCommand({
        ClientId: clients.PasswordClient,
        Username: username,
        Password: 'longenough1',
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'custom:tenant', Value: 'acme' }],
        ValidationData: [{ Name: 'captcha', Value: 'ok' }],
        ClientMetadata: { source: 'test' },
      }));
      const [message] = await outboxFor(cloud.endpoint, email);
      await client.send(new ConfirmSignUpCommand({ ClientId: clients.PasswordClient, Username: username, ConfirmationCode: message.code }));

      // Assess
      const common = { version: '1', region: 'us-east-1', userPoolId: poolId, userName: username, callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: clients.PasswordClient } };
      expect(lambda.eventsOf('fixture-pre-sign-up').at(-1)).toEqual({
        ...common,
        triggerSource: 'PreSignUp_SignUp',
        request: { userAttributes: { email, 'custom:tenant': 'acme' }, validationData: { captcha: 'ok' }, clientMetadata: { source: 'test' } },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      });
      expect(lambda.eventsOf('fixture-custom-message').at(-1)).toMatchObject({
        ...common,
        triggerSource: 'CustomMessage_SignUp',
        request: { codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null, userAttributes: { email, 'cognito:user_status': 'UNCONFIRMED' } },
        response: { smsMessage: null, emailMessage: null, emailSubject: null },
      });
      expect(message).toMatchObject({ subject: 'Welcome aboard', message: `Hi acme, your code is ${message.code}` });
      const confirmation = lambda.eventsOf('fixture-post-confirmation').at(-1)!;
      expect(confirmation).toMatchObject({ ...common, triggerSource: 'PostConfirmation_ConfirmSignUp', response: {} });
      expect((confirmation.request as { userAttributes: Record<string, string> }).userAttributes).toEqual({
        sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email,
        email_verified: 'true',
        'custom:tenant': 'acme',
        'cognito:user_status': 'CONFIRMED',
      });
    });

    it('a PreSignUp that auto-confirms skips the code and the post confirmation trigger', async () => {
      lambda.handle('fixture-pre-sign-up', (event) => ({ ...event, response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false } }));
      const username = name();
      const result = await client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: username, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
      expect(result).toMatchObject({ UserConfirmed: true });
      expect(result.CodeDeliveryDetails).toBeUndefined();
      expect(await outboxFor(cloud.endpoint, `${username}@example.com`)).toEqual([]);
      expect(lambda.eventsOf('fixture-post-confirmation').some((event) => event.userName === username)).toBe(false);
      // The verified email is an alias now.
      await expect(passwordAuth(`${username}@example.com`)).resolves.toMatchObject({ AuthenticationResult: { TokenType: 'Bearer' } });
    });

    it('a failing trigger is UserLambdaValidationException "<Trigger> failed with error <message>."', async () => {
      lambda.handle('fixture-pre-sign-up', () => {
        throw new Error('Sign-ups are closed');
      });
      const username = name();
      await expect(client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: username, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }))).rejects.toMatchObject({
        name: 'UserLambdaValidationException',
        message: 'PreSignUp failed with error Sign-ups are closed.',
      });
      lambda.handle('fixture-pre-sign-up', undefined);
      // Nothing was created: the same name is free.
      await expect(client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: username, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }))).resolves.toMatchObject({ UserConfirmed: false });

      const { username: other } = await confirmed();
      lambda.handle('fixture-pre-authentication', () => {
        throw new Error('Not today');
      });
      await expect(passwordAuth(other)).rejects.toMatchObject({ name: 'UserLambdaValidationException', message: 'PreAuthentication failed with error Not today.' });
    });

    it('V2 pre token generation customizes both tokens, scopes and groups; protected claims stay', async () => {
      // Prepare
      const { username } = await confirmed();
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: 'admins' }));
      lambda.handle('fixture-pre-token', (event) => ({
        ...event,
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { tenant_name: 'Acme', sub: 'forged' }, claimsToSuppress: ['email'] },
            accessTokenGeneration: { claimsToAddOrOverride: { plan: { tier: 'gold', seats: 3 } }, scopesToAdd: ['flare/read'] },
            groupOverrideDetails: { groupsToOverride: ['editors'], iamRolesToOverride: [], preferredRole: null },
          },
        },
      }));

      // Act
      const { AuthenticationResult } = await passwordAuth(username);

      // Assess
      const event = lambda.eventsOf('fixture-pre-token').at(-1)!;
      expect(event).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_Authentication', userName: username, request: { scopes: ['aws.cognito.signin.user.admin'], groupConfiguration: { groupsToOverride: ['admins'], iamRolesToOverride: [expect.stringMatching(/^arn:aws:iam::000000000000:role\//)] } } });
      const id = claimsOf(AuthenticationResult?.IdToken);
      const access = claimsOf(AuthenticationResult?.AccessToken);
      expect(id).toMatchObject({ tenant_name: 'Acme', 'cognito:groups': ['editors'] });
      expect(id.sub).not.toBe('forged');
      expect(id).not.toHaveProperty('email');
      expect(id).not.toHaveProperty('cognito:roles');
      expect(access).toMatchObject({ plan: { tier: 'gold', seats: 3 }, scope: 'aws.cognito.signin.user.admin flare/read', 'cognito:groups': ['editors'] });
      // Token validity in the client's units: access 5 minutes, id 10 minutes.
      expect(AuthenticationResult?.ExpiresIn).toBe(300);
      expect(Number(access.exp) - Number(access.iat)).toBe(300);
      expect(Number(id.exp) - Number(id.iat)).toBe(600);

      // Refreshing runs it again, as TokenGeneration_RefreshTokens.
      await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clients.PasswordClient, RefreshToken: AuthenticationResult?.RefreshToken }));
      expect(lambda.eventsOf('fixture-pre-token').at(-1)).toMatchObject({ triggerSource: 'TokenGeneration_RefreshTokens' });
    });

    it('V1 pre token generation customizes the id token only', async () => {
      lambda.handle('fixture-pre-token-v1', (event) => ({
        ...event,
        response: { claimsOverrideDetails: { claimsToAddOrOverride: { tier: 'gold' }, claimsToSuppress: ['email'], groupOverrideDetails: { groupsToOverride: ['vip'] } } },
      }));
      const email = `${name()}@example.com`;
      await client.send(new AdminCreateUserCommand({ UserPoolId: emailPoolId, Username: email, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Pass-123' }));
      const { AdminSetUserPasswordCommand } = await import('@aws-sdk/client-cognito-identity-provider');
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: emailPoolId, Username: email, Password: 'Final-Pass-123', Permanent: true }));

      const { AuthenticationResult } = await passwordAuth(email.toUpperCase(), 'Final-Pass-123', clients.EmailClient);

      const event = lambda.eventsOf('fixture-pre-token-v1').at(-1)!;
      expect(event).toMatchObject({ version: '1', triggerSource: 'TokenGeneration_Authentication', response: { claimsOverrideDetails: null } });
      expect(event.request).not.toHaveProperty('scopes');
      const id = claimsOf(AuthenticationResult?.IdToken);
      const access = claimsOf(AuthenticationResult?.AccessToken);
      expect(id).toMatchObject({ tier: 'gold', 'cognito:groups': ['vip'] });
      expect(id).not.toHaveProperty('email');
      expect(access).toMatchObject({ 'cognito:groups': ['vip'] });
      expect(access).not.toHaveProperty('tier');

      lambda.handle('fixture-pre-token-v1', () => {
        throw new Error('token service down');
      });
      await expect(passwordAuth(email, 'Final-Pass-123', clients.EmailClient)).rejects.toMatchObject({ name: 'UserLambdaValidationException', message: 'PreTokenGeneration failed with error token service down.' });
    });

    it('AdminCreateUser fires PreSignUp_AdminCreateUser and CustomMessage_AdminCreateUser', async () => {
      const username = name();
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
      expect(lambda.eventsOf('fixture-pre-sign-up').at(-1)).toMatchObject({ triggerSource: 'PreSignUp_AdminCreateUser', userName: username, callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' } });
      expect(lambda.eventsOf('fixture-custom-message').at(-1)).toMatchObject({ triggerSource: 'CustomMessage_AdminCreateUser', request: { usernameParameter: '{username}' } });
      const [invitation] = await outboxFor(cloud.endpoint, `${username}@example.com`);
      expect(invitation.message).toBe(`Your username is ${username} and temporary password is ${invitation.code}. `);
    });
  });

  describe('client and pool settings', () => {
    it('usernames are case sensitive without UsernameConfiguration; an email alias signs in once verified', async () => {
      const base = name();
      await client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: `${base}Bob`, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: `${base}.bob@example.com` }] }));
      await expect(passwordAuth(`${base}Bob`)).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
      // LEGACY existence errors: another case is another (missing) user, and the unverified email signs in nobody.
      await expect(passwordAuth(`${base}bob`)).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
      await expect(passwordAuth(`${base}.bob@example.com`)).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(client.send(new ForgotPasswordCommand({ ClientId: clients.PasswordClient, Username: `${base}nobody` }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await client.send(new ConfirmSignUpCommand({ ClientId: clients.PasswordClient, Username: `${base}Bob`, ConfirmationCode: await latestCode(cloud.endpoint, `${base}.bob@example.com`, 'SignUp') }));
      await expect(passwordAuth(`${base}.bob@example.com`)).resolves.toMatchObject({ AuthenticationResult: { TokenType: 'Bearer' } });
      await expect(passwordAuth(`${base}Bob`, 'wrong-password-1')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('validates attributes against the schema', async () => {
      const username = name();
      const signUp = (attributes: { Name: string; Value: string }[]) =>
        client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: username, Password: 'longenough1', UserAttributes: attributes }));
      await expect(signUp([{ Name: 'email', Value: 'a@example.com' }, { Name: 'custom:shoe', Value: '42' }])).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: custom:shoe: Attribute does not exist in the schema.' });
      await expect(signUp([{ Name: 'email', Value: 'a@example.com' }, { Name: 'custom:tenant', Value: 'x'.repeat(21) }])).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: custom:tenant: String must be no longer than 20 characters' });
      await expect(signUp([])).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: email: The attribute email is required' });
      await expect(signUp([{ Name: 'email', Value: 'not-an-email' }])).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid email address format.' });
      await expect(client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: `${username}@example.com`, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: 'a@example.com' }] }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username cannot be of email format, since user pool is configured for email alias.',
      });
      // The pool's own policy: 10 characters, lowercase and numbers only.
      await expect(client.send(new SignUpCommand({ ClientId: clients.PasswordClient, Username: username, Password: 'short1', UserAttributes: [{ Name: 'email', Value: 'a@example.com' }] }))).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
    });

    it('a client with a secret needs SECRET_HASH', async () => {
      const { username } = await confirmed();
      const secret = String(cloud.assembly.ofType('AWS::Cognito::UserPoolClient').find((r) => r.logicalId === 'SecretClient')!.getAtt('ClientSecret'));
      const hash = createHmac('sha256', secret).update(`${username}${clients.SecretClient}`).digest('base64');
      await expect(passwordAuth(username, 'longenough1', clients.SecretClient)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Client ${clients.SecretClient} is configured for secret but secret was not received` });
      await expect(passwordAuth(username, 'longenough1', clients.SecretClient, { SECRET_HASH: 'AAAA' })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clients.SecretClient}` });
      await expect(passwordAuth(username, 'longenough1', clients.SecretClient, { SECRET_HASH: hash })).resolves.toMatchObject({ AuthenticationResult: { TokenType: 'Bearer' } });
    });

    it('RevokeToken revokes a refresh token of its own client; clients without revocation cannot', async () => {
      const { username } = await confirmed();
      const { AuthenticationResult } = await passwordAuth(username);
      await expect(client.send(new RevokeTokenCommand({ ClientId: clients.PasswordClient, Token: AuthenticationResult!.AccessToken }))).rejects.toMatchObject({ name: 'UnsupportedTokenTypeException' });
      await client.send(new RevokeTokenCommand({ ClientId: clients.PasswordClient, Token: AuthenticationResult!.RefreshToken }));
      await expect(client.send(new InitiateAuthCommand({ ClientId: clients.PasswordClient, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: AuthenticationResult!.RefreshToken! } }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });

      const plain = await passwordAuth(username, 'longenough1', clients.NoRevocationClient);
      expect(claimsOf(plain.AuthenticationResult?.AccessToken)).not.toHaveProperty('origin_jti');
      await expect(client.send(new RevokeTokenCommand({ ClientId: clients.NoRevocationClient, Token: plain.AuthenticationResult!.RefreshToken }))).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
      // A refresh token only works with the client it was issued to.
      await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clients.PasswordClient, RefreshToken: plain.AuthenticationResult!.RefreshToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    });
  });

  describe('persistence', () => {
    it('imports the pool file an earlier layout kept (before the state store), once', async () => {
      // Prepare: a first start fixes the pool's id; then the files as the earlier layout wrote them
      const stateDir = await mkdtemp(path.join(os.tmpdir(), 'flare-cognito-legacy-'));
      const local = new FakeLambdaService();
      try {
        const first = await startFixture(local, stateDir);
        const poolId = first.assembly.ofType('AWS::Cognito::UserPool')[0].ref();
        await first.stop();
        await rm(path.join(stateDir, 'cognito'), { recursive: true, force: true });
        await mkdir(path.join(stateDir, 'cognito', 'pools'), { recursive: true });
        const user = { username: 'legacy-user', attributes: { sub: '11111111-2222-3333-4444-555555555555', email: 'legacy@example.com' }, status: 'CONFIRMED', enabled: true, created: 1, modified: 1, groups: [], codes: {} };
        const outbox = [{ id: 'm1', userPoolId: poolId, to: 'legacy@example.com', medium: 'EMAIL', kind: 'SignUp', username: 'legacy-user', message: 'code 123456', code: '123456', at: '2026-11-01T00:00:00.000Z' }];
        await writeFile(path.join(stateDir, 'cognito', 'pools', `${poolId}.json`), JSON.stringify({ version: 1, users: [user], sessions: [], outbox }));

        // Act
        const second = await startFixture(local, stateDir);
        const sdk = new CognitoIdentityProviderClient(clientConfig(second));
        const found = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-user' }));
        const messages = second.services.get<LocalCognitoService>('cognito').outbox(poolId);
        await second.stop();

        // Assess
        expect(found).toMatchObject({ Username: 'legacy-user', UserStatus: 'CONFIRMED' });
        expect(messages.map((message) => message.code)).toEqual(['123456']);
        await expect(import('node:fs/promises').then((fs) => fs.access(path.join(stateDir, 'cognito', 'pools', `${poolId}.json`)))).rejects.toThrow();
      } finally {
        await rm(stateDir, { recursive: true, force: true });
      }
    });

    it('users, sessions, signing keys and the outbox survive a restart', async () => {
      const stateDir = await mkdtemp(path.join(os.tmpdir(), 'flare-cognito-'));
      const local = new FakeLambdaService();
      let first: LocalCloud | undefined = await startFixture(local, stateDir);
      try {
        const sdk = new CognitoIdentityProviderClient(clientConfig(first));
        const username = name();
        const clientId = first.assembly.ofType('AWS::Cognito::UserPoolClient').find((r) => r.logicalId === 'PasswordClient')!.ref();
        await sdk.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'longenough1', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
        const code = first.services.get<LocalCognitoService>('cognito').outbox().find((m) => m.username === username)!.code;
        await sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }));
        const { AuthenticationResult } = await sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'longenough1' } }));
        await first.stop();
        first = undefined;

        const second = await startFixture(local, stateDir);
        try {
          const again = new CognitoIdentityProviderClient(clientConfig(second));
          const cognito = second.services.get<LocalCognitoService>('cognito');
          expect(cognito.outbox().some((m) => m.username === username && m.code === code)).toBe(true);
          await expect(again.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'longenough1' } }))).resolves.toMatchObject({ AuthenticationResult: { TokenType: 'Bearer' } });
          // The same key signs: the old refresh token still refreshes (the port, and so the issuer, changed).
          const refreshed = await again.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: AuthenticationResult!.RefreshToken }));
          expect(claimsOf(refreshed.AuthenticationResult?.AccessToken).origin_jti).toBe(claimsOf(AuthenticationResult?.AccessToken).origin_jti);
          const header = JSON.parse(Buffer.from(AuthenticationResult!.AccessToken!.split('.')[0], 'base64url').toString());
          const jwks = (await (await fetch(`${second.endpoint}/${claimsOf(AuthenticationResult?.AccessToken).iss!.toString().split('/').pop()}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
          expect(jwks.keys.map((key) => key.kid)).toEqual([header.kid]);
        } finally {
          await second.stop();
        }
      } finally {
        await first?.stop();
        await rm(stateDir, { recursive: true, force: true });
      }
    });
  });
});
