import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DeleteGroupCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  RespondToAuthChallengeCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { cognitoService } from '../../../local/cognito';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';
import { SrpClient } from '../../helpers/srp-client';

/**
 * Groups and pool descriptions through the real SDK client, on Flare's synthesized pool, as
 * the API reference documents them: CreateGroup / GetGroup / UpdateGroup / DeleteGroup /
 * ListGroups return GroupType (name, pool, description, role, precedence, creation and
 * modification dates); a group that exists is GroupExistsException, one that does not is
 * ResourceNotFoundException; deleting a group removes its members from it. Groups made at run
 * time take part in tokens as the template's do (`cognito:groups` best precedence first,
 * `cognito:roles`, `cognito:preferred_role`, none when the best precedence is tied between
 * different roles), and they outlive a restart. Every call is an IAM call.
 */
const PASSWORD = 'Sturdy-Pass-42';
let stateDir: string;
let cloud: LocalCloud;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
let counter = 0;
/** Moves the pools' clock (milliseconds ahead of now). */
let clockOffset = 0;

async function start(): Promise<void> {
  cloud = await startTestCloud({ stateDir, services: [iamService(), cognitoService({ now: () => Date.now() + clockOffset })], reporter: new Reporter({ level: 'silent' }) });
  client = new CognitoIdentityProviderClient(clientConfig(cloud));
  poolId = cloud.outputs.auth!.user_pool_id;
  clientId = cloud.outputs.auth!.user_pool_client_id;
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'flare-cognito-groups-'));
  await start();
});
afterAll(async () => {
  await cloud?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function user(groups: string[] = []): Promise<string> {
  const email = `groups${Date.now()}.${++counter}@example.com`;
  await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: PASSWORD, Permanent: true }));
  for (const GroupName of groups) await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName }));
  return email;
}

/** The ID token's claims of a fresh SRP sign-in. */
async function idClaims(email: string): Promise<Record<string, unknown>> {
  const srp = new SrpClient(poolId.split('_')[1]);
  const started = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
  const answered = await client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, PASSWORD) }));
  return JSON.parse(Buffer.from(answered.AuthenticationResult!.IdToken!.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;

describe('CreateGroup, GetGroup, UpdateGroup, DeleteGroup', () => {
  it('CreateGroup returns the GroupType, dated; GetGroup returns the same', async () => {
    const before = Date.now();
    const created = await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL', Description: 'On call this week', RoleArn: role('oncall'), Precedence: 5 }));
    expect(created.Group).toEqual({
      GroupName: 'ONCALL', UserPoolId: poolId, Description: 'On call this week', RoleArn: role('oncall'), Precedence: 5,
      CreationDate: expect.any(Date), LastModifiedDate: expect.any(Date),
    });
    expect(created.Group!.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL' }))).Group).toEqual(created.Group);
  });

  it('a group without description, role or precedence leaves those members out', async () => {
    const created = await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'BARE' }));
    expect(Object.keys(created.Group!).sort()).toEqual(['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
  });

  it('a name that exists is GroupExistsException, template groups included', async () => {
    await expect(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL' }))).rejects.toMatchObject({ name: 'GroupExistsException', message: 'A group with the name ONCALL already exists.' });
    await expect(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'ADMINS' }))).rejects.toMatchObject({ name: 'GroupExistsException' });
  });

  it('validates names, precedence and role ARNs as the API model constrains them', async () => {
    await expect(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'x'.repeat(129) }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128") });
    await expect(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'has space' }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('regular expression pattern') });
    await expect(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'NEG', Precedence: -1 }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0") });
    await expect(client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'BADROLE', RoleArn: 'not-an-arn-but-long-enough' }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("at 'roleArn'") });
    await expect(client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'NEG' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
  });

  it('UpdateGroup changes the members given, keeps the others, and moves LastModifiedDate', async () => {
    const before = (await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL' }))).Group!;
    clockOffset += 60_000;
    const updated = await client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL', Description: 'On call today' }));
    expect(updated.Group).toMatchObject({ GroupName: 'ONCALL', Description: 'On call today', RoleArn: role('oncall'), Precedence: 5, CreationDate: before.CreationDate });
    expect(updated.Group!.LastModifiedDate!.getTime()).toBeGreaterThan(before.LastModifiedDate!.getTime());
    await expect(client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'NOPE' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
  });

  it('DeleteGroup removes the group and its members from it; a second delete is ResourceNotFoundException', async () => {
    await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'TEMP', Precedence: 0 }));
    const email = await user(['TEMP', 'RESPONDERS']);
    await client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'TEMP' }));
    const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: email }));
    expect(groups.Groups?.map((group) => group.GroupName)).toEqual(['RESPONDERS']);
    expect((await idClaims(email))['cognito:groups']).toEqual(['RESPONDERS']);
    await expect(client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'TEMP' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
  });
});

describe('ListGroups, AdminListGroupsForUser, AdminRemoveUserFromGroup', () => {
  it('ListGroups pages through template and run-time groups by name', async () => {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken }));
      expect(page.Groups!.length).toBeLessThanOrEqual(2);
      expect(page.Groups!.every((group) => group.CreationDate instanceof Date)).toBe(true);
      names.push(...page.Groups!.map((group) => group.GroupName!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toEqual(['ADMINS', 'BARE', 'ONCALL', 'RESPONDERS']);
  });

  it('AdminRemoveUserFromGroup names a missing group or user with Cognito\'s errors', async () => {
    const email = await user(['RESPONDERS']);
    await expect(client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'NOPE' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
    await expect(client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'nobody@example.com', GroupName: 'RESPONDERS' }))).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'RESPONDERS' }));
    expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: email }))).Groups).toEqual([]);
  });
});

describe('run-time groups in tokens', () => {
  it('take part in cognito:groups, cognito:roles and cognito:preferred_role by precedence', async () => {
    const email = await user(['RESPONDERS', 'ONCALL']);
    const responders = (await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'RESPONDERS' }))).Group!;
    let claims = await idClaims(email);
    expect(claims['cognito:groups']).toEqual(['RESPONDERS', 'ONCALL']);
    expect(claims['cognito:roles']).toEqual([responders.RoleArn, role('oncall')]);
    expect(claims['cognito:preferred_role']).toBe(responders.RoleArn);

    await client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL', Precedence: 0 }));
    claims = await idClaims(email);
    expect(claims['cognito:groups']).toEqual(['ONCALL', 'RESPONDERS']);
    expect(claims['cognito:preferred_role']).toBe(role('oncall'));
  });

  it('two groups tied at the best precedence with different roles give no preferred role', async () => {
    await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'TIED', Precedence: 0, RoleArn: role('tied') }));
    const email = await user(['ONCALL', 'TIED']);
    const claims = await idClaims(email);
    expect(claims['cognito:roles']).toEqual([role('oncall'), role('tied')]);
    expect(claims['cognito:preferred_role']).toBeUndefined();
    await client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'TIED' }));
  });
});

describe('DescribeUserPool, DescribeUserPoolClient, ListUserPoolClients', () => {
  it('DescribeUserPool gives the pool as synthesized, with Cognito\'s defaults', async () => {
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool).toMatchObject({
      Id: poolId,
      Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`,
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      MfaConfiguration: 'OFF',
      DeletionProtection: 'INACTIVE',
      LambdaConfig: { PostConfirmation: expect.stringMatching(/^arn:aws:lambda:us-east-1:000000000000:function:/) },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE', EmailSubject: 'Verify your new account' },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UserPoolTags: { 'created-by': 'amplify' },
      EstimatedNumberOfUsers: expect.any(Number),
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    expect(UserPool!.SchemaAttributes).toContainEqual({ Name: 'email', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: true, StringAttributeConstraints: { MaxLength: '2048' } });
    expect(UserPool!.SchemaAttributes).toContainEqual(expect.objectContaining({ Name: 'sub', Mutable: false, Required: true }));
  });

  it('DescribeUserPoolClient gives the app client as synthesized; an unknown one is ResourceNotFoundException', async () => {
    const { UserPoolClient } = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(UserPoolClient).toMatchObject({
      UserPoolId: poolId,
      ClientId: clientId,
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH']),
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://example.com'],
      RefreshTokenValidity: 30,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      AuthSessionValidity: 3,
    });
    expect(UserPoolClient!.ClientSecret).toBeUndefined();
    await expect(client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool client nope does not exist.' });
  });

  it('ListUserPoolClients names each client; MaxResults is 1–60', async () => {
    const listed = await client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
    expect(listed.UserPoolClients).toEqual([{ ClientId: clientId, UserPoolId: poolId, ClientName: expect.any(String) }]);
    await expect(client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 0 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('an unknown pool is ResourceNotFoundException', async () => {
    await expect(client.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool us-east-1_nope does not exist.' });
  });
});

describe('authorization', () => {
  it('each operation is cognito-idp:<Operation> under the caller\'s policy: a role without it is AccessDeniedException', async () => {
    // The post-confirmation function's role may add users to groups, nothing more.
    const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'postconfirmationlambdaServiceRole'), { sessionName: 'test' });
    const limited = new CognitoIdentityProviderClient(clientConfig(cloud, credentials));
    await expect(limited.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'SNEAKY' }))).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('cognito-idp:CreateGroup') });
    await expect(limited.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('persistence', () => {
  it('run-time groups, their changes, their members and deletions of template groups outlive a restart', async () => {
    const email = await user(['ONCALL']);
    await client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'ADMINS' }));
    const before = (await client.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups;
    await cloud.stop();
    await start();
    expect((await client.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups).toEqual(before);
    expect(before!.map((group) => group.GroupName)).toEqual(['BARE', 'ONCALL', 'RESPONDERS']);
    expect((await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'ONCALL' }))).Group).toMatchObject({ Description: 'On call today', Precedence: 0 });
    expect((await idClaims(email))['cognito:groups']).toEqual(['ONCALL']);
  });
});
