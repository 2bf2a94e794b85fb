/**
 * A TypeScript Gen 2 backend without amplify/tsconfig.json, run by the packed flare-local:
 * Google sign-in whose client id and secret are Amplify `secret()`s (set with the packed
 * CLI's `secret set`), a custom email sender that decrypts its codes with the AWS Encryption SDK
 * and the pool's KMS key (run by the local KMS), and in raw CDK a second user pool, an identity
 * pool that allows the basic flow with roles for guests and members, and a role a function
 * assumes through STS.
 */
import { CognitoIdentityClient, GetIdCommand, GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, resetPassword, signIn, signOut, signUp } from 'aws-amplify/auth';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProject, invokeFunction, packedClient, packedInstall, startPackedCli, type PackedInstall, type RunningCli } from '../helpers/packed-cli';

const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const PASSWORD = 'Partner-pass-2026!';
let cli: RunningCli;
let install: PackedInstall;
let partners: { userPoolId: string; clientId: string; identityPoolId: string; guestRoleArn: string; memberRoleArn: string };
const client = <T>(Client: new (config: object) => T, credentials: object = ROOT): T =>
  new Client({ endpoint: cli.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

beforeAll(async () => {
  install = await packedInstall();
  const project = fixtureProject(install, 'federation-ts');
  for (const [name, value] of [['GOOGLE_CLIENT_ID', '1234-fixture.apps.googleusercontent.com'], ['GOOGLE_CLIENT_SECRET', 'fixture-google-secret']]) {
    const set = spawnSync(install.bin, ['secret', 'set', name], { cwd: project, input: value, encoding: 'utf8' });
    expect(set.status, set.stderr).toBe(0);
  }
  cli = await startPackedCli(install, project);
  partners = cli.outputs.custom.partners as typeof partners;
}, 900_000);

afterAll(async () => {
  expect(await cli?.stop()).toBe(0);
}, 300_000);

/** An OpenID token of the partners' identity pool: a guest's, or with `logins` a member's. */
async function openIdToken(logins?: Record<string, string>): Promise<{ identityId: string; token: string }> {
  const identity = client(CognitoIdentityClient, { accessKeyId: 'unused', secretAccessKey: 'unused' });
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: partners.identityPoolId, Logins: logins }));
  const { Token } = await identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
  return { identityId: IdentityId!, token: Token! };
}

const assumeWithToken = (roleArn: string, token: string) =>
  new STSClient({ endpoint: cli.endpoint, region: 'us-east-1', maxAttempts: 1 })
    .send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'partner-app', WebIdentityToken: token }))
    .catch((error: Error) => error);

describe('social sign-in with secret() and raw-CDK pools with STS, run by the packed flare-local', () => {
  it('starts as written: nothing disabled, Google sign-in configured from the secrets set with `flare-local secret set`', () => {
    expect(cli.output()).not.toMatch(/does not run:|Disabled \(cannot be resolved locally/);
    expect(cli.output()).toMatch(/synthesizing amplify\/backend\.ts|synth cache hit/);
    expect(cli.output()).not.toMatch(/type-check/i);
    expect(cli.outputs.auth.oauth.identity_providers).toEqual(['GOOGLE']);
  });

  it('runs the custom email sender’s KMS key in the local KMS instead of naming it as not run', () => {
    expect(cli.output()).not.toMatch(/Not run locally[\s\S]*AWS::KMS::Key/);
    expect(cli.output()).toMatch(/kms\s.*1 key from the assembly/);
  });

  it('hands the sign-up code, encrypted with the pool’s KMS key, to the custom email sender, which decrypts it; aws-amplify confirms with it', async () => {
    const { withLocalCloud } = await packedClient(install);
    Amplify.configure(withLocalCloud(cli.outputs) as Parameters<typeof Amplify.configure>[0]);
    const email = `sender.${Date.now()}@example.com`;
    const sent = async () => {
      const object = await client(S3Client).send(new GetObjectCommand({ Bucket: (cli.outputs.custom.senders as { sentCodesBucket: string }).sentCodesBucket, Key: `sent/${email}.json` }));
      return JSON.parse(await object.Body!.transformToString()) as { triggerSource: string; type: string; code: string; clientMetadata: Record<string, string> | null };
    };

    const signedUp = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email }, clientMetadata: { campaign: 'winter' } } });
    expect(signedUp.nextStep).toMatchObject({ signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } });
    const signUpMessage = await sent();
    expect(signUpMessage).toMatchObject({ triggerSource: 'CustomEmailSender_SignUp', type: 'customEmailSenderRequestV1', clientMetadata: { campaign: 'winter' } });
    expect(signUpMessage.code).toMatch(/^\d{6}$/);
    // The sender replaces Cognito's own message: nothing goes to the outbox.
    const outbox = (await (await fetch(`${cli.endpoint}/_flare/cognito/outbox?to=${encodeURIComponent(email)}`)).json()) as { messages: unknown[] };
    expect(outbox.messages).toEqual([]);

    const wrong = await confirmSignUp({ username: email, confirmationCode: signUpMessage.code === '000000' ? '111111' : '000000' }).catch((error: Error) => error);
    expect(wrong).toMatchObject({ name: 'CodeMismatchException' });
    expect(await confirmSignUp({ username: email, confirmationCode: signUpMessage.code })).toMatchObject({ isSignUpComplete: true });
    expect((await signIn({ username: email, password: PASSWORD })).isSignedIn).toBe(true);
    await signOut();

    await resetPassword({ username: email });
    expect(await sent()).toMatchObject({ triggerSource: 'CustomEmailSender_ForgotPassword', code: expect.stringMatching(/^\d{6}$/) });
  });

  it('a function assumes the role its policy allows (AssumeRole) and is refused one whose trust policy does not name it', async () => {
    const result = await invokeFunction(client(LambdaClient), 'auditor');
    expect(result.own).toMatch(/^arn:aws:sts::000000000000:assumed-role\/.+\/.+$/);
    expect(result.auditRole).toMatch(/^arn:aws:iam::000000000000:role\//);
    expect(result.assumed).toBe(`arn:aws:sts::000000000000:assumed-role/${String(result.auditRole).split('/').pop()}/weekly-audit`);
    expect(result.refused).toMatch(/^AccessDenied: User: arn:aws:sts::000000000000:assumed-role\/.+ is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\//);
  });

  it('the raw-CDK identity pool’s basic flow: a guest’s OpenID token assumes the guest role, not the members’ role', async () => {
    const { identityId, token } = await openIdToken();
    const guest = await assumeWithToken(partners.guestRoleArn, token);
    const member = await assumeWithToken(partners.memberRoleArn, token);
    expect(guest).toMatchObject({ SubjectFromWebIdentityToken: identityId, Audience: partners.identityPoolId });
    expect(member).toMatchObject({ name: 'AccessDenied' });
  });

  it('a member of the raw-CDK user pool gets an OpenID token that assumes the members’ role, and signs as it', async () => {
    const idp = client(CognitoIdentityProviderClient);
    const email = `partner.${Date.now()}@example.com`;
    await idp.send(new AdminCreateUserCommand({ UserPoolId: partners.userPoolId, Username: email, MessageAction: 'SUPPRESS' }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: partners.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
    const { AuthenticationResult } = await idp.send(
      new InitiateAuthCommand({ ClientId: partners.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }),
    );
    const logins = { [`cognito-idp.us-east-1.amazonaws.com/${partners.userPoolId}`]: AuthenticationResult!.IdToken! };

    const { token } = await openIdToken(logins);
    const member = await assumeWithToken(partners.memberRoleArn, token);
    if (member instanceof Error) throw member;
    const caller = await client(STSClient, {
      accessKeyId: member.Credentials!.AccessKeyId!,
      secretAccessKey: member.Credentials!.SecretAccessKey!,
      sessionToken: member.Credentials!.SessionToken,
    }).send(new GetCallerIdentityCommand({}));
    expect(caller.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${partners.memberRoleArn.split('/').pop()}/partner-app`);
  });
});
