import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmResetPassword, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { cognitoService } from '../../../local/cognito';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, startTestCloud } from '../../helpers/cloud';
import { MemoryKeyValueStorage, latestCode, outboxFor } from './helpers';

/**
 * AdminResetUserPassword as the API reference describes it: the user goes to RESET_REQUIRED
 * and is sent a reset code; at sign-in the app is told to reset (aws-amplify's RESET_PASSWORD
 * step, from PasswordResetRequiredException); ConfirmForgotPassword with the code and a new
 * password lets them in again. A user who never set their own password
 * (FORCE_CHANGE_PASSWORD) cannot be reset, nor one with no verified email or phone.
 */
describe('AdminResetUserPassword', () => {
  let cloud: LocalCloud;
  let sdk: CognitoIdentityProviderClient;
  let poolId: string;
  const password = 'Before-Reset-42';
  let counter = 0;

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), createSsmService(), createLambdaService({ hotReload: false }), cognitoService()],
      reporter: new Reporter({ level: 'silent' }),
    });
    poolId = cloud.outputs.auth!.user_pool_id;
    Amplify.configure(amplifyConfig(cloud.outputs));
    cognitoUserPoolsTokenProvider.setKeyValueStorage(new MemoryKeyValueStorage());
    sdk = new CognitoIdentityProviderClient(clientConfig(cloud));
  });
  afterAll(() => cloud?.stop());

  async function user(options: { verified?: boolean; permanent?: boolean } = {}): Promise<string> {
    const email = `reset${Date.now()}.${++counter}@example.com`;
    const attributes = [{ Name: 'email', Value: email }, ...(options.verified === false ? [] : [{ Name: 'email_verified', Value: 'true' }])];
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: attributes, TemporaryPassword: 'Temporary-Pass-1' }));
    if (options.permanent !== false) await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: password, Permanent: true }));
    return email;
  }

  it('sends a reset code, makes sign-in ask for a reset, and the code with a new password signs in again', async () => {
    const email = await user();
    expect(await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: email }))).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }))).UserStatus).toBe('RESET_REQUIRED');
    const [message] = (await outboxFor(cloud.endpoint, email)).filter((m) => m.kind === 'ForgotPassword');
    expect(message).toMatchObject({ to: email, code: expect.stringMatching(/^\d{6}$/) });

    // The old password no longer signs in: the app is told to reset it.
    expect(await signIn({ username: email, password })).toEqual({ isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } });

    await confirmResetPassword({ username: email, confirmationCode: await latestCode(cloud.endpoint, email, 'ForgotPassword'), newPassword: 'After-Reset-42' });
    expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }))).UserStatus).toBe('CONFIRMED');
    expect(await signIn({ username: email, password: 'After-Reset-42' })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
    await expect(signIn({ username: email, password })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a user who has not set their own password yet, and one with nowhere to send the code', async () => {
    const invited = await user({ permanent: false });
    await expect(sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: invited }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User password cannot be reset in the current state.',
    });
    const unverified = await user({ verified: false });
    await expect(sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: unverified }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    // Neither changed state.
    expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: unverified }))).UserStatus).toBe('CONFIRMED');
    await expect(sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody@example.com' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});
