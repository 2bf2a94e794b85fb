import { CognitoIdentityClient, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { cognitoService } from '../../../local/cognito';
import { cognitoIdentityService } from '../../../local/cognito/identity-pool';
import { iamService } from '../../../local/iam';
import type { IamService, Principal } from '../../../local/iam/types';
import { createLambdaService } from '../../../local/lambda';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';
import { latestCode, MemoryKeyValueStorage } from '../cognito/helpers';

/**
 * The identity pool for signed-in users, end to end with the real aws-amplify v6 client and
 * the real local user pool: a guest signs up (the post-confirmation trigger puts them in
 * RESPONDERS), signs in, and gets credentials for the RESPONDERS group role on the same
 * identity; storage policies apply to them; an ADMINS membership changes the role.
 */
describe('identity pool credentials for signed-in users (aws-amplify v6, real user pool)', () => {
  let cloud: LocalCloud;
  let iam: IamService;
  const email = `identity.${Date.now()}@example.com`;
  const password = 'Correct-Horse-9';

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), createSsmService(), createLambdaService({ hotReload: false }), cognitoService(), cognitoIdentityService()],
      reporter: new Reporter({ level: 'error' }),
    });
    iam = cloud.services.get<IamService>('iam');
    Amplify.configure(amplifyConfig(cloud.outputs));
    cognitoUserPoolsTokenProvider.setKeyValueStorage(new MemoryKeyValueStorage());
  });
  afterAll(() => cloud?.stop());

  const bucketArn = () => String(cloud.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('flareFilesBucket'))!.getAtt('Arn'));
  const principalOf = (credentials: { accessKeyId: string; sessionToken?: string }): Principal => iam.principalOf(credentials);

  it('a guest who signs up and signs in keeps the identity and gets the RESPONDERS role; a return visit merges a new guest identity into it', async () => {
    // Prepare: a guest session first, as the status page makes
    const guest = await fetchAuthSession();
    expect(principalOf(guest.credentials!).roleArn).toBe(roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'));

    // Act: sign up, confirm (the trigger adds RESPONDERS), sign in
    await signUp({ username: email, password, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: await latestCode(cloud.endpoint, email, 'SignUp') });
    await signIn({ username: email, password });
    const session = await fetchAuthSession();

    // Assess: same identity, now linked; the RESPONDERS group role, bound to it
    expect(session.tokens?.idToken?.payload['cognito:groups']).toEqual(['RESPONDERS']);
    expect(session.identityId).toBe(guest.identityId);
    const responder = principalOf(session.credentials!);
    expect(responder).toMatchObject({ roleArn: roleArn(cloud, 'amplifyAuthRESPONDERSGroupRole'), identityId: session.identityId, sessionName: 'CognitoIdentityCredentials' });

    // The credentials sign requests as that role
    const sts = new STSClient(clientConfig(cloud, session.credentials!));
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    expect(caller.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${roleArn(cloud, 'amplifyAuthRESPONDERSGroupRole').split('/').pop()}/CognitoIdentityCredentials`);

    // Storage rules for RESPONDERS
    expect(iam.authorize(responder, { action: 's3:PutObject', resource: `${bucketArn()}/attachments/incident-1/log.txt` }).allowed).toBe(true);
    expect(iam.authorize(responder, { action: 's3:PutObject', resource: `${bucketArn()}/status-assets/logo.png` }).allowed).toBe(false);

    // A return visit: sign out, a fresh guest identity, sign in again → the user's identity
    await signOut();
    const secondGuest = await fetchAuthSession();
    expect(secondGuest.identityId).not.toBe(guest.identityId);
    await signIn({ username: email, password });
    const again = await fetchAuthSession();
    expect(again.identityId).toBe(guest.identityId);
    expect(principalOf(again.credentials!).roleArn).toBe(roleArn(cloud, 'amplifyAuthRESPONDERSGroupRole'));
  });

  it('after an admin adds the user to ADMINS, a refreshed session gets the ADMINS role (best precedence)', async () => {
    // Prepare: signed in from the previous test
    const poolId = cloud.outputs.auth!.user_pool_id;
    const admin = new CognitoIdentityProviderClient(clientConfig(cloud));
    const username = (await fetchAuthSession()).tokens!.idToken!.payload['cognito:username'] as string;

    // Act
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: 'ADMINS' }));
    const refreshed = await fetchAuthSession({ forceRefresh: true });

    // Assess
    expect(refreshed.tokens?.idToken?.payload['cognito:groups']).toEqual(expect.arrayContaining(['ADMINS', 'RESPONDERS']));
    const principal = principalOf(refreshed.credentials!);
    expect(principal.roleArn).toBe(roleArn(cloud, 'amplifyAuthADMINSGroupRole'));
    expect(iam.authorize(principal, { action: 's3:PutObject', resource: `${bucketArn()}/status-assets/logo.png` }).allowed).toBe(true);
    await signOut();
  });

  it('refuses a forged id token and an access token of the real user pool: NotAuthorizedException', async () => {
    // Prepare
    await signIn({ username: email, password });
    const tokens = (await fetchAuthSession()).tokens!;
    await signOut();
    const poolId = cloud.outputs.auth!.identity_pool_id!;
    const provider = `cognito-idp.us-east-1.amazonaws.com/${cloud.outputs.auth!.user_pool_id}`;
    const client = new CognitoIdentityClient(clientConfig(cloud, { accessKeyId: 'unused', secretAccessKey: 'unused' }));
    const idToken = tokens.idToken!.toString();
    const [header, , signature] = idToken.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ ...tokens.idToken!.payload, sub: 'someone-else' })).toString('base64url');

    // Act
    const forged = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: `${header}.${forgedClaims}.${signature}` } })).catch((e: unknown) => e);
    const access = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: tokens.accessToken.toString() } })).catch((e: unknown) => e);

    // Assess
    expect(forged).toMatchObject({ name: 'NotAuthorizedException' });
    expect((forged as Error).message).toMatch(/^Invalid login token\./);
    expect(access).toMatchObject({ name: 'NotAuthorizedException' });
  });
});
