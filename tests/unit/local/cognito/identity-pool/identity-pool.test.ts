import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../../../local';
import { cognitoIdentityService } from '../../../../../local/cognito/identity-pool';
import { iamService } from '../../../../../local/iam';
import type { IamService } from '../../../../../local/iam/types';
import { clientConfig, startTestCloud } from '../../../../helpers/cloud';
import { FakeUserPools } from './fake-user-pools';

/**
 * Identity pools for signed-in users: login verification, identity linking and merging,
 * and role resolution, over Flare's assembly (token role mapping, group roles) and a
 * fixture for Rules mappings, Deny on ambiguity and misconfigured trust policies.
 */

async function start(cdkOut?: string, stateDir?: string): Promise<{ cloud: LocalCloud; userPools: FakeUserPools; client: CognitoIdentityClient }> {
  const userPools = new FakeUserPools();
  const cloud = await startTestCloud({ cdkOut, stateDir, services: [iamService(), userPools, cognitoIdentityService()], reporter: new Reporter({ level: 'silent' }) });
  const client = new CognitoIdentityClient(clientConfig(cloud, { accessKeyId: 'unused', secretAccessKey: 'unused' }));
  return { cloud, userPools, client };
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { name: string });

describe("identity pools: signed-in users (Flare's assembly)", () => {
  let cloud: LocalCloud;
  let userPools: FakeUserPools;
  let client: CognitoIdentityClient;
  let poolId: string;
  let userPoolId: string;
  let clientId: string;
  let provider: string;
  beforeAll(async () => {
    ({ cloud, userPools, client } = await start());
    poolId = cloud.assembly.ofType('AWS::Cognito::IdentityPool')[0].ref();
    userPoolId = cloud.assembly.ofType('AWS::Cognito::UserPool')[0].ref();
    clientId = cloud.assembly.ofType('AWS::Cognito::UserPoolClient')[0].ref();
    provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  });
  afterAll(() => cloud?.stop());

  const roleArn = (prefix: string) => String(cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(prefix))!.getAtt('Arn'));
  /** An id token as the user pool issues it for a member of `groups` (precedence: ADMINS 0, RESPONDERS 1). */
  const tokenFor = (sub: string, groups: string[] = [], extra: Record<string, unknown> = {}) => {
    const roles = groups.map((group) => roleArn(`amplifyAuth${group}GroupRole`));
    return userPools.idToken(userPoolId, clientId, {
      sub,
      'cognito:username': sub,
      ...(groups.length > 0 ? { 'cognito:groups': groups, 'cognito:roles': roles, 'cognito:preferred_role': roles[0] } : {}),
      ...extra,
    });
  };
  /** The Logins key aws-amplify sends: the token's issuer without its scheme. */
  const amplifyKey = () => userPools.issuer(userPoolId).replace(/^https?:\/\//, '');
  const credentialsRole = async (identityId: string, logins: Record<string, string>, customRoleArn?: string) => {
    const { Credentials, IdentityId } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins, CustomRoleArn: customRoleArn }));
    const principal = cloud.services.get<IamService>('iam').principalOf({ accessKeyId: Credentials!.AccessKeyId!, sessionToken: Credentials!.SessionToken });
    return { roleArn: principal.roleArn, identityId: IdentityId, principal };
  };

  describe('GetId', () => {
    it('gives a user the same identity every time, whichever form of the provider name the Logins key uses', async () => {
      // Prepare
      const token = await tokenFor('user-same');

      // Act
      const first = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: token } }));
      const second = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [amplifyKey()]: token } }));
      const someoneElse = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: await tokenFor('user-other') } }));

      // Assess
      expect(second.IdentityId).toBe(first.IdentityId);
      expect(someoneElse.IdentityId).not.toBe(first.IdentityId);
    });

    it.each([
      ['an expired token', () => userPools.idToken(userPoolId, clientId, { sub: 'x' }, { expiresIn: '-1s' }), /^Invalid login token\./],
      ['a token for another app client', () => userPools.idToken(userPoolId, 'another-client', { sub: 'x' }), /^Invalid login token\./],
      ['an access token', () => userPools.idToken(userPoolId, clientId, { sub: 'x' }, { tokenUse: 'access' }), /^Invalid login token\. Not a valid OpenId Connect identity token\.$/],
      ['a forged token', async () => `${(await tokenFor('x')).slice(0, -6)}AAAAAA`, /^Invalid login token\./],
      ['a token of another user pool under this pool\'s name', () => userPools.idToken('us-east-1_Another', clientId, { sub: 'x' }), /^Invalid login token\./],
    ])('refuses %s: NotAuthorizedException', async (_name, makeToken, message) => {
      // Act
      const error = await failure(client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: await makeToken() } })));

      // Assess
      expect(error).toMatchObject({ name: 'NotAuthorizedException' });
      expect(error!.message).toMatch(message);
    });
  });

  describe('GetCredentialsForIdentity: role resolution (Token mapping, AmbiguousRoleResolution AuthenticatedRole)', () => {
    it.each([
      ['a RESPONDERS member gets the RESPONDERS group role (cognito:preferred_role)', ['RESPONDERS'], 'amplifyAuthRESPONDERSGroupRole'],
      ['a member of ADMINS and RESPONDERS gets the preferred role (best precedence: ADMINS)', ['ADMINS', 'RESPONDERS'], 'amplifyAuthADMINSGroupRole'],
      ['a user in no group gets the authenticated role', [], 'amplifyAuthauthenticatedUserRole'],
    ])('%s', async (_name, groups, expectedRole) => {
      // Prepare
      const logins = { [amplifyKey()]: await tokenFor(`user-${groups.join('-') || 'none'}`, groups) };
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));

      // Act
      const resolved = await credentialsRole(IdentityId!, logins);

      // Assess
      expect(resolved.roleArn).toBe(roleArn(expectedRole));
      expect(resolved.principal).toMatchObject({ identityId: IdentityId, sessionName: 'CognitoIdentityCredentials' });
    });

    it('several roles and no preferred role is ambiguous: the authenticated role', async () => {
      // Prepare
      const roles = [roleArn('amplifyAuthADMINSGroupRole'), roleArn('amplifyAuthRESPONDERSGroupRole')];
      const logins = { [provider]: await tokenFor('user-ambiguous', [], { 'cognito:roles': roles }) };
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));

      // Act + Assess
      expect((await credentialsRole(IdentityId!, logins)).roleArn).toBe(roleArn('amplifyAuthauthenticatedUserRole'));
    });

    it('honours a CustomRoleArn listed in cognito:roles, and refuses one that is not', async () => {
      // Prepare
      const logins = { [provider]: await tokenFor('user-custom', ['ADMINS', 'RESPONDERS']) };
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));

      // Act
      const chosen = await credentialsRole(IdentityId!, logins, roleArn('amplifyAuthRESPONDERSGroupRole'));
      const refused = await failure(credentialsRole(IdentityId!, logins, roleArn('amplifyAuthunauthenticatedUserRole')));

      // Assess
      expect(chosen.roleArn).toBe(roleArn('amplifyAuthRESPONDERSGroupRole'));
      expect(refused).toMatchObject({ name: 'NotAuthorizedException' });
    });

    it("binds the identity id to the credentials: the avatars/{entity_id} folder is the user's own", async () => {
      // Prepare
      const logins = { [provider]: await tokenFor('user-avatar') };
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
      const { principal } = await credentialsRole(IdentityId!, logins);
      const iam = cloud.services.get<IamService>('iam');
      const bucket = String(cloud.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('flareFilesBucket'))!.getAtt('Arn'));

      // Act + Assess
      expect(iam.authorize(principal, { action: 's3:PutObject', resource: `${bucket}/avatars/${IdentityId}/me.png` }).allowed).toBe(true);
      expect(iam.authorize(principal, { action: 's3:PutObject', resource: `${bucket}/avatars/us-east-1:00000000-0000-4000-8000-000000000000/me.png` }).allowed).toBe(false);
    });
  });

  describe('GetCredentialsForIdentity: guests who sign in', () => {
    it('links the guest identity to the login when the user has none yet', async () => {
      // Prepare
      const guest = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));
      const logins = { [amplifyKey()]: await tokenFor('user-linked', ['RESPONDERS']) };

      // Act
      const signedIn = await credentialsRole(guest.IdentityId!, logins);
      const later = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));

      // Assess
      expect(signedIn.identityId).toBe(guest.IdentityId);
      expect(signedIn.roleArn).toBe(roleArn('amplifyAuthRESPONDERSGroupRole'));
      expect(later.IdentityId).toBe(guest.IdentityId);
    });

    it("merges the guest identity into the user's existing one and answers with that id", async () => {
      // Prepare
      const logins = { [provider]: await tokenFor('user-merged') };
      const existing = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
      const guest = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));

      // Act
      const signedIn = await credentialsRole(guest.IdentityId!, logins);
      const guestAgain = await failure(client.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId })));

      // Assess
      expect(signedIn.identityId).toBe(existing.IdentityId);
      expect(guestAgain).toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it("refuses a signed-in user's identity without its logins, and with another user's", async () => {
      // Prepare
      const mine = { [provider]: await tokenFor('user-owner') };
      const theirs = { [provider]: await tokenFor('user-intruder') };
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: mine }));

      // Act
      const withoutLogins = await failure(client.send(new GetCredentialsForIdentityCommand({ IdentityId })));
      const withOthers = await failure(client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: theirs })));

      // Assess
      for (const error of [withoutLogins, withOthers]) {
        expect(error).toMatchObject({ name: 'NotAuthorizedException', message: "Logins don't match. Please include at least one valid login for this identity or identity pool." });
      }
    });
  });
});

describe('identity pools: Rules mappings, Deny, no guests, misconfigured roles (fixture)', () => {
  let cloud: LocalCloud;
  let userPools: FakeUserPools;
  let client: CognitoIdentityClient;
  const fixture = path.resolve('tests/fixtures/identity-pool');
  beforeAll(async () => {
    ({ cloud, userPools, client } = await start(fixture));
  });
  afterAll(() => cloud?.stop());

  const pool = (logicalId: string) => cloud.assembly.ofType('AWS::Cognito::IdentityPool').find((p) => p.logicalId === logicalId)!.ref();
  const roleArn = (logicalId: string) => String(cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId === logicalId)!.getAtt('Arn'));
  const userPoolId = () => cloud.assembly.ofType('AWS::Cognito::UserPool')[0].ref();
  const clientId = () => cloud.assembly.ofType('AWS::Cognito::UserPoolClient')[0].ref();
  const loginsFor = async (claims: Record<string, unknown>) => ({ [`cognito-idp.us-east-1.amazonaws.com/${userPoolId()}`]: await userPools.idToken(userPoolId(), clientId(), claims) });
  const credentials = async (claims: Record<string, unknown>) => {
    const logins = await loginsFor(claims);
    const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: pool('StrictPool'), Logins: logins }));
    return client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  };

  it('refuses guests when the pool does not allow them', async () => {
    const error = await failure(client.send(new GetIdCommand({ IdentityPoolId: pool('StrictPool') })));
    expect(error).toMatchObject({ name: 'NotAuthorizedException', message: 'Unauthenticated access is not supported for this identity pool.' });
  });

  it('picks the role of the first matching rule', async () => {
    // Act
    const result = await credentials({ sub: 'engineer', 'custom:department': 'engineering' });
    const principal = cloud.services.get<IamService>('iam').principalOf({ accessKeyId: result.Credentials!.AccessKeyId!, sessionToken: result.Credentials!.SessionToken });

    // Assess
    expect(principal.roleArn).toBe(roleArn('EngineersRole'));
  });

  it('denies when no rule matches and AmbiguousRoleResolution is Deny', async () => {
    const error = await failure(credentials({ sub: 'sales', 'custom:department': 'sales' }));
    expect(error).toMatchObject({ name: 'NotAuthorizedException' });
    expect(error!.message).toMatch(/^The ambiguous role mapping rules for: cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_\w+:\w+ denied this request\.$/);
  });

  it("refuses a role whose trust policy does not name this pool: InvalidIdentityPoolConfigurationException", async () => {
    const error = await failure(credentials({ sub: 'misfit', 'custom:department': 'misc' }));
    expect(error).toMatchObject({ name: 'InvalidIdentityPoolConfigurationException', message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.' });
  });

  it('refuses a guest the unauthenticated role whose trust policy names another pool', async () => {
    // Prepare
    const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: pool('OtherPool') }));

    // Act
    const error = await failure(client.send(new GetCredentialsForIdentityCommand({ IdentityId })));

    // Assess
    expect(error).toMatchObject({ name: 'InvalidIdentityPoolConfigurationException' });
  });

  it('refuses logins through a social provider it cannot verify, naming it', async () => {
    const error = await failure(client.send(new GetIdCommand({ IdentityPoolId: pool('StrictPool'), Logins: { 'accounts.google.com': 'token' } })));
    expect(error).toMatchObject({ name: 'NotAuthorizedException' });
    expect(error!.message).toContain('accounts.google.com');
  });
});

describe('identity pools: identities survive a restart', () => {
  it('keeps identity ids and their logins in the state directory', async () => {
    // Prepare
    const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-identity-'));
    const first = await start(undefined, stateDir);
    const poolId = first.cloud.assembly.ofType('AWS::Cognito::IdentityPool')[0].ref();
    const userPoolId = first.cloud.assembly.ofType('AWS::Cognito::UserPool')[0].ref();
    const clientId = first.cloud.assembly.ofType('AWS::Cognito::UserPoolClient')[0].ref();
    const provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
    const before = await first.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: await first.userPools.idToken(userPoolId, clientId, { sub: 'persistent' }) } }));
    const guest = await first.client.send(new GetIdCommand({ IdentityPoolId: poolId }));
    await first.cloud.stop();

    // Act
    const second = await start(undefined, stateDir);
    try {
      const after = await second.client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: await second.userPools.idToken(userPoolId, clientId, { sub: 'persistent' }) } }));
      const guestCredentials = await second.client.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId }));

      // Assess
      expect(after.IdentityId).toBe(before.IdentityId);
      expect(guestCredentials.IdentityId).toBe(guest.IdentityId);
    } finally {
      await second.cloud.stop();
    }
  });
});
