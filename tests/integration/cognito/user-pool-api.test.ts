import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPublicKey, verify, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { cognitoService, type LocalCognitoService } from '../../../local/cognito';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';
import { SrpClient } from '../../helpers/srp-client';
import { latestCode, outboxFor } from './helpers';

/**
 * The user pools API on the local edge with the real AWS SDK client, against Flare's
 * synthesized pool (email sign-in, case-insensitive, the full password policy, prevent
 * user existence errors, a post-confirmation trigger) — here without the Lambda service,
 * so that trigger must fail loudly.
 */
describe('Cognito user pools API on the local edge (Flare pool)', () => {
  let cloud: LocalCloud;
  let cognito: LocalCognitoService;
  let poolId: string;
  let clientId: string;
  let client: CognitoIdentityProviderClient;
  let clockOffset = 0;
  let counter = 0;
  const password = 'Sturdy-Pass-42';
  const nextEmail = () => `user${Date.now()}.${++counter}@example.com`;

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), cognitoService({ now: () => Date.now() + clockOffset })],
      reporter: new Reporter({ level: 'silent' }),
    });
    cognito = cloud.services.get<LocalCognitoService>('cognito');
    poolId = cloud.outputs.auth!.user_pool_id;
    clientId = cloud.outputs.auth!.user_pool_client_id;
    client = new CognitoIdentityProviderClient(clientConfig(cloud));
  });
  afterAll(() => cloud?.stop());
  afterEach(() => {
    clockOffset = 0;
  });

  /** A CONFIRMED user with a verified email, made through admin operations (no trigger fires). */
  async function confirmedUser(email = nextEmail()): Promise<{ email: string; username: string }> {
    const created = await client.send(new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: 'Temporary-Pass-1',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: password, Permanent: true }));
    return { email, username: created.User!.Username! };
  }

  async function srpSignIn(username: string, secret = password): Promise<AuthenticationResultType> {
    const srp = new SrpClient(poolId.split('_')[1]);
    const started = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.A } }));
    expect(started.ChallengeName).toBe('PASSWORD_VERIFIER');
    const answered = await client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: srp.answer(started.ChallengeParameters!, secret),
    }));
    return answered.AuthenticationResult!;
  }

  const post = (target: string, body: string, headers: Record<string, string> = {}) =>
    fetch(cloud.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, ...headers }, body });

  describe('serialization', () => {
    it('answers an operation it does not serve with UnknownOperationException naming it (and why, when AWS has it)', async () => {
      const missing = await post('CreateUserPool', '{}');
      const unknown = await post('DescribeRiskConfiguration', '{}');
      expect(missing.status).toBe(400);
      expect(missing.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(await missing.json()).toEqual({ __type: 'UnknownOperationException', message: 'The local Cognito Identity Provider does not implement CreateUserPool (user pools come from the cloud assembly)' });
      expect(await unknown.json()).toEqual({ __type: 'UnknownOperationException', message: 'Operation DescribeRiskConfiguration is not supported by the local cognito' });
    });

    it('answers a body that is not JSON with SerializationException', async () => {
      const response = await post('SignUp', '{"ClientId":');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
    });

    it('writes errors as { __type, message } with x-amzn-ErrorType, status 400', async () => {
      const response = await post('SignUp', JSON.stringify({ ClientId: 'nope', Username: 'a@example.com', Password: password }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
      expect(await response.json()).toEqual({ __type: 'ResourceNotFoundException', message: 'User pool client nope does not exist.' });
    });
  });

  describe('validation', () => {
    it('requires ClientId, in AWS validation wording', async () => {
      const response = await post('InitiateAuth', JSON.stringify({ AuthFlow: 'USER_SRP_AUTH' }));
      expect(await response.json()).toEqual({
        __type: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
      });
    });

    it('refuses USER_PASSWORD_AUTH on a client that does not allow it', async () => {
      const { email } = await confirmedUser();
      await expect(client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'USER_PASSWORD_AUTH flow not enabled for this client',
      });
    });

    it.each([
      ['Short-1', 'Password did not conform with policy: Password not long enough'],
      ['UPPER-CASE-1', 'Password did not conform with policy: Password must have lowercase characters'],
      ['lower-case-1', 'Password did not conform with policy: Password must have uppercase characters'],
      ['No-Numbers-Here', 'Password did not conform with policy: Password must have numeric characters'],
      ['NoSymbols123', 'Password did not conform with policy: Password must have symbol characters'],
    ])('enforces the synthesized password policy on SignUp (%s)', async (weak, message) => {
      const email = nextEmail();
      await expect(client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: weak, UserAttributes: [{ Name: 'email', Value: email }] }))).rejects.toMatchObject({
        name: 'InvalidPasswordException',
        message,
      });
    });

    it('words the policy the password-change way on AdminSetUserPassword', async () => {
      const { email } = await confirmedUser();
      await expect(client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: 'nosymbols1A', Permanent: true }))).rejects.toMatchObject({
        name: 'InvalidPasswordException',
        message: 'Password does not conform to policy: Password must have symbol characters',
      });
    });

    it('wants an email as the username of an email sign-in pool', async () => {
      await expect(client.send(new SignUpCommand({ ClientId: clientId, Username: 'ann', Password: password }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username should be an email.',
      });
    });
  });

  describe('functionality', () => {
    it('refuses a second sign-up with the same email, in any case', async () => {
      const email = nextEmail();
      await client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
      await expect(client.send(new SignUpCommand({ ClientId: clientId, Username: email.toUpperCase(), Password: password }))).rejects.toMatchObject({
        name: 'UsernameExistsException',
        message: 'An account with the given email already exists.',
      });
    });

    it('keeps the password only as an SRP verifier, and never logs it', async () => {
      const email = nextEmail();
      const lines: string[] = [];
      const reporter = new Reporter({ level: 'debug', sinks: [(record) => lines.push(record.message)] });
      const { mkdtemp } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const local = await startTestCloud({ stateDir: await mkdtemp(`${tmpdir()}/flare-cognito-`), services: [cognitoService()], reporter });
      try {
        const sdk = new CognitoIdentityProviderClient(clientConfig(local));
        await sdk.send(new SignUpCommand({ ClientId: local.outputs.auth!.user_pool_client_id, Username: email, Password: 'Needle-In-Hay-77' }));
      } finally {
        await local.stop();
      }
      const { readdir, readFile, rm } = await import('node:fs/promises');
      // Every file the pool's users collection wrote.
      const usersDir = `${local.stateDir}/cognito/users.${local.outputs.auth!.user_pool_id}`;
      const files = (await readdir(usersDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
      const stored = (await Promise.all(files.map((entry) => readFile(`${entry.parentPath}/${entry.name}`, 'utf8')))).join('\n');
      await rm(local.stateDir!, { recursive: true, force: true });
      expect(stored).toContain('"verifier"');
      expect(stored).not.toContain('Needle-In-Hay-77');
      expect(lines.join('\n')).not.toContain('Needle-In-Hay-77');
    });

    it('confirms with the outbox code; the declared post-confirmation trigger fails loudly without the Lambda service', async () => {
      // Prepare
      const email = nextEmail();
      const signedUp = await client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
      expect(signedUp).toMatchObject({ UserConfirmed: false, CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email' } });
      const [message] = await outboxFor(cloud.endpoint, email);
      expect(message).toMatchObject({ kind: 'SignUp', subject: 'Verify your new account', userPoolId: poolId });
      expect(message.message).toBe(`The verification code to your new account is ${message.code}`);

      // Act: a wrong code, then the right one.
      const wrong = message.code === '000000' ? '111111' : '000000';
      await expect(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: wrong }))).rejects.toMatchObject({
        name: 'CodeMismatchException',
        message: 'Invalid verification code provided, please try again.',
      });
      const confirm = client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: message.code }));

      // Assess: confirmed and verified, but the trigger's absence is an error naming it.
      await expect(confirm).rejects.toMatchObject({ name: 'UnexpectedLambdaException', message: expect.stringMatching(/^Trigger PostConfirmation is declared on user pool .* but the local Lambda service is not running$/) });
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
      expect(user.UserStatus).toBe('CONFIRMED');
      expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
      // A used code cannot confirm again.
      await expect(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: message.code }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User cannot be confirmed. Current status is CONFIRMED',
      });
    });

    it('expires sign-up codes after 24 hours, and limits wrong guesses', async () => {
      const email = nextEmail();
      await client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password }));
      const code = await latestCode(cloud.endpoint, email, 'SignUp');
      clockOffset = 24 * 3600_000 + 1000;
      await expect(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }))).rejects.toMatchObject({
        name: 'ExpiredCodeException',
        message: 'Invalid code provided, please request a code again.',
      });
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await expect(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: wrong }))).rejects.toMatchObject({ name: 'CodeMismatchException' });
      await expect(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }))).rejects.toMatchObject({
        name: 'LimitExceededException',
        message: 'Attempt limit exceeded, please try after some time.',
      });
    });

    it('limits how many codes one user may ask for within an hour', async () => {
      const email = nextEmail();
      await client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password }));
      for (let i = 0; i < 4; i++) await client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: email }));
      await expect(client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: email }))).rejects.toMatchObject({ name: 'LimitExceededException' });
      expect(await outboxFor(cloud.endpoint, email)).toHaveLength(5);
      clockOffset = 3601_000;
      await expect(client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: email }))).resolves.toMatchObject({ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } });
    });

    it('signs in with SRP and issues RS256 tokens verifiable with the published JWKS', async () => {
      // Prepare
      const { email, username } = await confirmedUser();

      // Act
      const result = await srpSignIn(email);
      const jwks = (await (await fetch(`${cloud.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as { keys: (NodeJsonWebKey & { kid: string })[] };
      const discovery = (await (await fetch(`${cloud.endpoint}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;

      // Assess
      expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
      expect(result.RefreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const [header, payload, signature] = result.IdToken!.split('.');
      const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString());
      expect(alg).toBe('RS256');
      const jwk = jwks.keys.find((key) => key.kid === kid)!;
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'))).toBe(true);
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(Object.keys(claims).sort()).toEqual(['aud', 'auth_time', 'cognito:username', 'email', 'email_verified', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'sub', 'token_use'].sort());
      expect(claims).toMatchObject({ 'cognito:username': username, sub: username, email, email_verified: true, iss: `${cloud.endpoint}/${poolId}` });
      expect(claims.exp - claims.iat).toBe(3600);
      expect(discovery).toMatchObject({ issuer: `${cloud.endpoint}/${poolId}`, jwks_uri: `${cloud.endpoint}/${poolId}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] });
    });

    it('rejects a wrong password with NotAuthorizedException, then locks out after five failures', async () => {
      const { email } = await confirmedUser();
      for (let i = 0; i < 5; i++) {
        await expect(srpSignIn(email, 'Wrong-Pass-99')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      }
      // Locked for 2^0 seconds now: even the right password is refused.
      await expect(srpSignIn(email)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
      clockOffset = 2000;
      await expect(srpSignIn(email)).resolves.toMatchObject({ TokenType: 'Bearer' });
    });

    it('does not reveal whether a user exists (PreventUserExistenceErrors ENABLED)', async () => {
      const ghost = nextEmail();
      await expect(srpSignIn(ghost)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await expect(client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: ghost }))).resolves.toMatchObject({ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } });
      await expect(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: ghost, ConfirmationCode: '123456', Password: password }))).rejects.toMatchObject({ name: 'CodeMismatchException' });
      expect(await outboxFor(cloud.endpoint, ghost)).toEqual([]);
    });

    it('refuses an unconfirmed user with UserNotConfirmedException once the password is proven', async () => {
      const email = nextEmail();
      await client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password }));
      await expect(srpSignIn(email, 'Wrong-Pass-99')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(srpSignIn(email)).rejects.toMatchObject({ name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
    });

    it('resets a password with a one-time code: a used code is expired', async () => {
      const { email } = await confirmedUser();
      await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: email }));
      const code = await latestCode(cloud.endpoint, email, 'ForgotPassword');
      // A reset uses the pool's verification template in its code form, as Cognito documents
      // (Flare's pool synthesizes "Verify your new account" / "The verification code to your new account is {####}").
      const reset = (await outboxFor(cloud.endpoint, email)).filter((m) => m.kind === 'ForgotPassword').at(-1);
      expect(reset).toMatchObject({ subject: 'Verify your new account', message: `The verification code to your new account is ${code}` });
      await expect(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: email, ConfirmationCode: code, Password: 'weak' }))).rejects.toMatchObject({ name: 'InvalidPasswordException' });
      // Flare's post-confirmation trigger fires for resets too, and Lambda is not running here.
      await expect(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: email, ConfirmationCode: code, Password: 'Brand-New-Pass-5' }))).rejects.toMatchObject({ name: 'UnexpectedLambdaException' });
      await expect(srpSignIn(email, 'Brand-New-Pass-5')).resolves.toMatchObject({ TokenType: 'Bearer' });
      await expect(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: email, ConfirmationCode: code, Password: 'Another-Pass-6' }))).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    });

    it('GetUser and ChangePassword take the access token; id, forged, expired and foreign tokens are refused', async () => {
      const { email } = await confirmedUser();
      const tokens = await srpSignIn(email);
      await expect(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).resolves.toMatchObject({ UserAttributes: expect.arrayContaining([{ Name: 'email', Value: email }]) });
      await expect(client.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: 'Wrong-Pass-99', ProposedPassword: 'Changed-Pass-7' }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await client.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: password, ProposedPassword: 'Changed-Pass-7' }));
      await expect(srpSignIn(email, 'Changed-Pass-7')).resolves.toMatchObject({ TokenType: 'Bearer' });

      const [h, p, s] = tokens.AccessToken!.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['ADMINS'] })).toString('base64url')}.${s}`;
      for (const token of [tokens.IdToken!, forged, `${h}.${p}.${s.slice(0, -4)}AAAA`, 'not-a-token']) {
        await expect(client.send(new GetUserCommand({ AccessToken: token }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
      }
      clockOffset = 3601_000;
      await expect(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
    });

    it('verifyToken checks signature, expiry, issuer pool, token use and the client id pattern', async () => {
      const { email } = await confirmedUser();
      const tokens = await srpSignIn(email);
      await expect(cognito.verifyToken(tokens.AccessToken!, { userPoolId: poolId, clientIdRegex: `^${clientId}$` })).resolves.toMatchObject({ token_use: 'access', client_id: clientId });
      await expect(cognito.verifyToken(tokens.IdToken!, { userPoolId: poolId, clientIdRegex: `^${clientId}$` })).resolves.toMatchObject({ token_use: 'id', aud: clientId });
      await expect(cognito.verifyToken(tokens.IdToken!, { userPoolId: poolId, clientIdRegex: '^other$' })).rejects.toThrow(/does not match \^other\$/);
      await expect(cognito.verifyToken(tokens.IdToken!, { userPoolId: 'us-east-1_Other' })).rejects.toThrow(/not us-east-1_Other/);
      const [h, p, s] = tokens.IdToken!.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), email: 'admin@example.com' })).toString('base64url')}.${s}`;
      await expect(cognito.verifyToken(tampered, { userPoolId: poolId })).rejects.toThrow('Token signature is invalid');
      clockOffset = 3601_000;
      await expect(cognito.verifyToken(tokens.IdToken!, { userPoolId: poolId })).rejects.toThrow('Token has expired');
    });

    it("refuses another local cloud's tokens (another key and issuer)", async () => {
      const other = await startTestCloud({ services: [iamService(), cognitoService()], reporter: new Reporter({ level: 'silent' }) });
      try {
        const sdk = new CognitoIdentityProviderClient(clientConfig(other));
        const otherPool = other.outputs.auth!.user_pool_id;
        const email = nextEmail();
        await sdk.send(new AdminCreateUserCommand({ UserPoolId: otherPool, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] }));
        await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: otherPool, Username: email, Password: password, Permanent: true }));
        const srp = new SrpClient(otherPool.split('_')[1]);
        const started = await sdk.send(new InitiateAuthCommand({ ClientId: other.outputs.auth!.user_pool_client_id, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
        const { AuthenticationResult } = await sdk.send(new RespondToAuthChallengeCommand({ ClientId: other.outputs.auth!.user_pool_client_id, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, password) }));
        await expect(client.send(new GetUserCommand({ AccessToken: AuthenticationResult!.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
        await expect(cognito.verifyToken(AuthenticationResult!.IdToken!, { userPoolId: poolId })).rejects.toThrow(/is not a user pool of this local cloud/);
      } finally {
        await other.stop();
      }
    });

    it('GlobalSignOut revokes refresh tokens and, for Cognito, the access tokens of every session', async () => {
      const { email } = await confirmedUser();
      const first = await srpSignIn(email);
      const second = await srpSignIn(email);
      await client.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken }));
      for (const session of [first, second]) {
        await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: session.RefreshToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
        await expect(client.send(new GetUserCommand({ AccessToken: session.AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
        await expect(cognito.verifyToken(session.AccessToken!, { userPoolId: poolId })).resolves.toMatchObject({ token_use: 'access' });
      }
      await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: 'made-up' }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    });

    it('refresh tokens last 30 days by default', async () => {
      const { email } = await confirmedUser();
      const { RefreshToken } = await srpSignIn(email);
      clockOffset = 29 * 86_400_000;
      await expect(client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } }))).resolves.toMatchObject({ AuthenticationResult: { TokenType: 'Bearer' } });
      clockOffset = 30 * 86_400_000 + 1000;
      await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
    });

    it('changes the email only once the new one is verified (AttributesRequireVerificationBeforeUpdate)', async () => {
      const { email } = await confirmedUser();
      const tokens = await srpSignIn(email);
      const next = nextEmail();
      const updated = await client.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: next }] }));
      expect(updated.CodeDeliveryDetailsList).toEqual([{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(/^u\*\*\*@e\*\*\*$/) }]);
      expect((await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes).toContainEqual({ Name: 'email', Value: email });
      await client.send(new VerifyUserAttributeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email', Code: await latestCode(cloud.endpoint, next, 'UpdateUserAttribute') }));
      expect((await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: next }, { Name: 'email_verified', Value: 'true' }]));
      await expect(srpSignIn(next)).resolves.toMatchObject({ TokenType: 'Bearer' });
    });

    it('creates a user with an invitation whose temporary password must be changed (NEW_PASSWORD_REQUIRED)', async () => {
      const email = nextEmail();
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }));
      const [invitation] = await outboxFor(cloud.endpoint, email);
      expect(invitation).toMatchObject({ kind: 'AdminCreateUser', subject: 'Your temporary password' });
      expect(invitation.message).toContain(invitation.code);

      const srp = new SrpClient(poolId.split('_')[1]);
      const started = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
      const challenge = await client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, invitation.code) }));
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect(JSON.parse(challenge.ChallengeParameters!.userAttributes)).toEqual({ email });
      await expect(client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session, ChallengeResponses: { USERNAME: started.ChallengeParameters!.USERNAME, NEW_PASSWORD: 'weak' } }))).rejects.toMatchObject({ name: 'InvalidPasswordException' });
      // The session is single use: a refused answer needs a new sign-in.
      const again = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
      const retry = await client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(again.ChallengeParameters!, invitation.code) }));
      const done = await client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: retry.Session, ChallengeResponses: { USERNAME: again.ChallengeParameters!.USERNAME, NEW_PASSWORD: 'Chosen-Pass-8' } }));
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
      expect((await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }))).UserStatus).toBe('CONFIRMED');
    });

    it('manages groups; tokens carry cognito:groups and the group roles, best precedence first', async () => {
      const { email, username } = await confirmedUser();
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'RESPONDERS' }));
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'ADMINS' }));
      await expect(client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'NOPE' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });

      const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: email }));
      expect(groups.Groups?.map((group) => [group.GroupName, group.Precedence])).toEqual([['ADMINS', 0], ['RESPONDERS', 1]]);
      const members = await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'ADMINS' }));
      expect(members.Users?.map((user) => user.Username)).toContain(username);
      const all = await client.send(new ListGroupsCommand({ UserPoolId: poolId }));
      expect(all.Groups?.map((group) => group.GroupName)).toEqual(['ADMINS', 'RESPONDERS']);

      const id = JSON.parse(Buffer.from((await srpSignIn(email)).IdToken!.split('.')[1], 'base64url').toString());
      expect(id['cognito:groups']).toEqual(['ADMINS', 'RESPONDERS']);
      expect(id['cognito:preferred_role']).toBe(all.Groups![0].RoleArn);
      expect(id['cognito:roles']).toEqual([all.Groups![0].RoleArn, all.Groups![1].RoleArn]);

      await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'ADMINS' }));
      const after = JSON.parse(Buffer.from((await srpSignIn(email)).IdToken!.split('.')[1], 'base64url').toString());
      expect(after['cognito:groups']).toEqual(['RESPONDERS']);
    });

    it('lists users with a Filter and PaginationToken', async () => {
      const prefix = `list${Date.now()}`;
      for (let i = 0; i < 5; i++) await confirmedUser(`${prefix}.${i}@example.com`);
      const exact = await client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: `email = "${prefix}.3@example.com"` }));
      expect(exact.Users?.map((user) => user.Attributes?.find((a) => a.Name === 'email')?.Value)).toEqual([`${prefix}.3@example.com`]);

      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: `email ^= "${prefix}"`, Limit: 2, PaginationToken: token, AttributesToGet: ['email'] }));
        expect(page.Users!.length).toBeLessThanOrEqual(2);
        for (const user of page.Users!) {
          expect(user.Attributes).toHaveLength(1);
          seen.push(user.Attributes![0].Value!);
        }
        token = page.PaginationToken;
      } while (token);
      expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}.${i}@example.com`));

      const confirmed = await client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'cognito:user_status = "UNCONFIRMED"' }));
      expect(confirmed.Users!.every((user) => user.UserStatus === 'UNCONFIRMED')).toBe(true);
      await expect(client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email contains "x"' }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Error while parsing filter.' });
    });

    it('disables and deletes users: their tokens stop working for Cognito', async () => {
      const { email } = await confirmedUser();
      const tokens = await srpSignIn(email);
      await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: email }));
      await expect(srpSignIn(email)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
      await expect(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: email }));
      await expect(client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }))).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
      await expect(client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: email }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('admin operations are SigV4-signed IAM calls, authorized by the caller’s policies', async () => {
      // Unsigned, and signed with a wrong secret.
      const unsigned = await post('AdminGetUser', JSON.stringify({ UserPoolId: poolId, Username: 'x' }));
      expect(unsigned.status).toBe(403);
      expect(((await unsigned.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
      const badSecret = new CognitoIdentityProviderClient(clientConfig(cloud, { accessKeyId: 'test', secretAccessKey: 'wrong' }));
      await expect(badSecret.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'x' }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });

      // The post-confirmation function's role may add users to groups, and nothing else.
      const { email } = await confirmedUser();
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'postconfirmationlambdaServiceRole'), { sessionName: 'post-confirmation' });
      const asFunction = new CognitoIdentityProviderClient(clientConfig(cloud, credentials));
      await asFunction.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'RESPONDERS' }));
      await expect(asFunction.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: email }))).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringMatching(/^User: arn:aws:sts::000000000000:assumed-role\/.*\/post-confirmation is not authorized to perform: cognito-idp:AdminDeleteUser on resource: arn:aws:cognito-idp:us-east-1:000000000000:userpool\/us-east-1_\w+ because no identity-based policy allows the cognito-idp:AdminDeleteUser action$/),
      });
      expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: email }))).Groups?.map((g) => g.GroupName)).toEqual(['RESPONDERS']);
    });
  });
});
