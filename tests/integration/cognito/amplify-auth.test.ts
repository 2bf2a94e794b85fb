import { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  resendSignUpCode,
  resetPassword,
  signIn,
  signOut,
  signUp,
  updatePassword,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { cognitoService, type LocalCognitoService } from '../../../local/cognito';
import { cognitoIdentityService } from '../../../local/cognito/identity-pool';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, startTestCloud } from '../../helpers/cloud';
import { MemoryKeyValueStorage, latestCode } from './helpers';

/**
 * The whole user journey with the real aws-amplify v6 Auth API against Flare's synthesized
 * user pool: sign up, the code from the outbox, confirm (the post-confirmation function puts
 * the user in RESPONDERS with its own role's credentials), SRP sign-in, tokens, attributes,
 * refresh, sign-out and the revocation that follows it.
 */
describe('aws-amplify v6 Auth against the local user pool', () => {
  let cloud: LocalCloud;
  let cognito: LocalCognitoService;
  let poolId: string;
  let clientId: string;
  let sdk: CognitoIdentityProviderClient;
  const storage = new MemoryKeyValueStorage();
  const email = `Responder.${Date.now()}@example.com`;
  const password = 'Correct-Horse-9';

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), createSsmService(), createLambdaService({ hotReload: false }), cognitoService(), cognitoIdentityService()],
    });
    cognito = cloud.services.get<LocalCognitoService>('cognito');
    poolId = cloud.outputs.auth!.user_pool_id;
    clientId = cloud.outputs.auth!.user_pool_client_id;
    Amplify.configure(amplifyConfig(cloud.outputs));
    cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    sdk = new CognitoIdentityProviderClient(clientConfig(cloud));
  });
  afterAll(() => cloud?.stop());

  it('signs up, confirms with the outbox code, signs in with SRP, refreshes and signs out', async () => {
    // Sign up: the code goes to the outbox, masked in the answer.
    const signedUp = await signUp({ username: email, password, options: { userAttributes: { email } } });
    expect(signedUp.isSignUpComplete).toBe(false);
    expect(signedUp.nextStep).toMatchObject({ signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL', attributeName: 'email', destination: 'R***@e***' } });
    const resent = await resendSignUpCode({ username: email });
    expect(resent.deliveryMedium).toBe('EMAIL');
    const code = await latestCode(cloud.endpoint, email, 'ResendCode');

    // Confirm (case-insensitive pool: the e-mail in another case is the same user).
    const confirmed = await confirmSignUp({ username: email.toLowerCase(), confirmationCode: code });
    expect(confirmed).toEqual({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });

    // SRP sign-in.
    const signedIn = await signIn({ username: email, password });
    expect(signedIn).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });

    // Tokens: Cognito's claims, the pool's issuer on the edge, RESPONDERS from the trigger.
    const session = await fetchAuthSession();
    const id = session.tokens!.idToken!.payload;
    const access = session.tokens!.accessToken.payload;
    expect(id).toMatchObject({
      iss: `${cloud.endpoint}/${poolId}`,
      aud: clientId,
      token_use: 'id',
      email,
      email_verified: true,
      'cognito:groups': ['RESPONDERS'],
    });
    expect(id['cognito:username']).toBe(id.sub);
    const responders = cloud.assembly.ofType('AWS::Cognito::UserPoolGroup').find((group) => group.ref() === 'RESPONDERS')!;
    expect(id['cognito:preferred_role']).toBe(responders.properties().RoleArn);
    expect(id['cognito:roles']).toEqual([responders.properties().RoleArn]);
    expect(access).toMatchObject({ token_use: 'access', client_id: clientId, scope: 'aws.cognito.signin.user.admin', username: id.sub, 'cognito:groups': ['RESPONDERS'] });
    expect(access.origin_jti).toBe(id.origin_jti);
    expect(access.event_id).toBe(id.event_id);
    // The identity pool gave the signed-in user credentials (token role mapping: RESPONDERS' role).
    expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
    await expect(cognito.verifyToken(session.tokens!.idToken!.toString(), { userPoolId: poolId, clientIdRegex: `^${clientId}$` })).resolves.toMatchObject({ sub: id.sub });

    // Attributes through GetUser.
    const attributes = await fetchUserAttributes();
    expect(attributes).toMatchObject({ email, email_verified: 'true', sub: id.sub });

    // Refresh through GetTokensFromRefreshToken: new tokens, same session.
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens!.accessToken.payload.jti).not.toBe(access.jti);
    expect(refreshed.tokens!.accessToken.payload.origin_jti).toBe(access.origin_jti);
    expect(refreshed.tokens!.accessToken.payload.auth_time).toBe(access.auth_time);

    // Sign out revokes the refresh token (RevokeToken).
    const refreshToken = storage.valueEndingWith('.refreshToken');
    const accessToken = refreshed.tokens!.accessToken.toString();
    expect(refreshToken).toBeDefined();
    await signOut();
    expect(storage.valueEndingWith('.refreshToken')).toBeUndefined();

    // Refreshing fails; Cognito's own user operations refuse the access token...
    await expect(sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    await expect(sdk.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    // ...while other services keep accepting it until it expires, as on AWS.
    await expect(cognito.verifyToken(accessToken, { userPoolId: poolId })).resolves.toMatchObject({ token_use: 'access' });
  });

  it('resets a forgotten password with a code from the outbox, and updates it once signed in', async () => {
    // Prepare: a confirmed user (signed up and confirmed as above).
    const user = `reset.${Date.now()}@example.com`;
    await signUp({ username: user, password, options: { userAttributes: { email: user } } });
    await confirmSignUp({ username: user, confirmationCode: await latestCode(cloud.endpoint, user, 'SignUp') });

    // Act: reset through ForgotPassword / ConfirmForgotPassword.
    const reset = await resetPassword({ username: user });
    expect(reset.nextStep).toMatchObject({ resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } });
    await confirmResetPassword({ username: user, confirmationCode: await latestCode(cloud.endpoint, user, 'ForgotPassword'), newPassword: 'Battery-Staple-7' });

    // Assess: the old password fails, the new one works, and updatePassword changes it again.
    await expect(signIn({ username: user, password })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await expect(signIn({ username: user, password: 'Battery-Staple-7' })).resolves.toMatchObject({ isSignedIn: true });
    await updatePassword({ oldPassword: 'Battery-Staple-7', newPassword: 'Battery-Staple-8' });
    await signOut({ global: true });
    await expect(signIn({ username: user, password: 'Battery-Staple-8' })).resolves.toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it('signs in automatically after confirming, as the Authenticator does (autoSignIn)', async () => {
    const user = `auto.${Date.now()}@example.com`;
    const signedUp = await signUp({ username: user, password, options: { userAttributes: { email: user }, autoSignIn: true } });
    expect(signedUp.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const confirmed = await confirmSignUp({ username: user, confirmationCode: await latestCode(cloud.endpoint, user, 'SignUp') });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    await expect(autoSignIn()).resolves.toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.idToken?.payload.email).toBe(user);
    await signOut();
  });
});
