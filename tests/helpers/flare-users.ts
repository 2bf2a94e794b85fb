/**
 * Demo-style users for integration tests, made with the Cognito admin API and
 * the local root credentials, and signed in with the real aws-amplify Auth API.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import type { LocalCloud } from '../../local';
import { clientConfig } from './cloud';

export const TEST_PASSWORD = 'Test-passw0rd!';

export async function createUser(cloud: LocalCloud, email: string, groups: string[] = []): Promise<void> {
  const UserPoolId = cloud.outputs.auth!.user_pool_id;
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: TEST_PASSWORD, Permanent: true }));
  for (const GroupName of groups) await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName }));
}

/** Signs in with SRP through aws-amplify (replacing any current session). */
export async function signInAs(email: string): Promise<void> {
  await signOut().catch(() => undefined);
  const result = await signIn({ username: email, password: TEST_PASSWORD });
  if (!result.isSignedIn) throw new Error(`sign-in of ${email} stopped at ${result.nextStep.signInStep}`);
}

/** The current user's access token (still accepted by AppSync after sign-out, until it expires). */
export async function accessToken(): Promise<string> {
  const token = (await fetchAuthSession()).tokens?.accessToken?.toString();
  if (!token) throw new Error('no access token: not signed in');
  return token;
}
