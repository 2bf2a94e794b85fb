import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, referenceText, type CloudAssembly, type Resource } from '../helpers/assembly';

let assembly: CloudAssembly;
let userPoolId: string;
let userPool: Resource;

beforeAll(() => {
  assembly = loadAssembly();
  [userPoolId, userPool] = assembly.only('auth', 'AWS::Cognito::UserPool');
});

/** A role's trust policy, reduced to who may assume it and under which conditions. */
function trust(roleExpression: unknown) {
  const reference = assembly.resolve('auth', roleExpression);
  const role = assembly.resource(reference.stack, reference.logicalId);
  const [statement, ...others] = role.Properties?.AssumeRolePolicyDocument?.Statement ?? [];
  expect(others).toEqual([]);
  return {
    type: reference.type,
    action: statement.Action,
    principal: statement.Principal,
    audience: assembly.render('auth', statement.Condition?.StringEquals?.['cognito-identity.amazonaws.com:aud']),
    amr: statement.Condition?.['ForAnyValue:StringLike']?.['cognito-identity.amazonaws.com:amr'],
  };
}

describe('user pool', () => {
  it('signs users in with their email, verified by code', () => {
    // Act
    const properties = userPool.Properties ?? {};

    // Assess
    expect(properties.UsernameAttributes).toEqual(['email']);
    expect(properties.AutoVerifiedAttributes).toEqual(['email']);
    expect(properties.Schema).toEqual([{ Name: 'email', Required: true, Mutable: true }]);
    expect(properties.VerificationMessageTemplate?.DefaultEmailOption).toBe('CONFIRM_WITH_CODE');
    expect(properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false });
  });

  it('has the password policy the local cloud must enforce', () => {
    expect(userPool.Properties?.Policies?.PasswordPolicy).toEqual({
      MinimumLength: 8,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      RequireUppercase: true,
    });
  });

  it('has one trigger: post-confirmation, wired to the post-confirmation function', () => {
    // Prepare
    const postConfirmation = assembly.amplifyFunction('post-confirmation');

    // Act
    const triggers = userPool.Properties?.LambdaConfig ?? {};

    // Assess
    expect(Object.keys(triggers)).toEqual(['PostConfirmation']);
    expect(assembly.resolve('auth', triggers.PostConfirmation)).toEqual({
      stack: postConfirmation.stack,
      logicalId: postConfirmation.logicalId,
      type: 'AWS::Lambda::Function',
      attribute: 'Arn',
    });
  });

  it('lets Cognito, from this pool only, invoke the post-confirmation function', () => {
    // Prepare
    const postConfirmation = assembly.amplifyFunction('post-confirmation');

    // Act
    const permissions = assembly
      .resources('auth', 'AWS::Lambda::Permission')
      .map(([, permission]) => permission.Properties ?? {})
      .filter((properties) => assembly.resolve('auth', properties.FunctionName).logicalId === postConfirmation.logicalId);

    // Assess
    expect(permissions).toHaveLength(1);
    expect(permissions[0].Action).toBe('lambda:InvokeFunction');
    expect(permissions[0].Principal).toBe('cognito-idp.amazonaws.com');
    expect(assembly.render('auth', permissions[0].SourceArn)).toBe(`{auth/${userPoolId}.Arn}`);
  });

  it('lets the post-confirmation function add users to groups of this pool, and nothing else in Cognito', () => {
    // Prepare
    const postConfirmation = assembly.amplifyFunction('post-confirmation');
    const role = assembly.resolve('auth', postConfirmation.resource.Properties?.Role);

    // Act
    const cognitoStatements = assembly
      .policiesAttachedTo(role)
      .flatMap((policy) => policy.statements)
      .filter((statement) => statement.actions.some((action) => action.startsWith('cognito-idp:')));

    // Assess
    expect(cognitoStatements).toEqual([{ effect: 'Allow', actions: ['cognito-idp:AdminAddUserToGroup'], resources: [`{auth/${userPoolId}.Arn}`] }]);
  });

  it('gives the post-confirmation function the group to add users to', () => {
    // Act
    const variables = assembly.amplifyFunction('post-confirmation').resource.Properties?.Environment?.Variables;
    const groups = assembly.resources('auth', 'AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties?.GroupName);

    // Assess
    expect(variables?.GROUP_NAME).toBe('RESPONDERS');
    expect(groups).toContain(variables?.GROUP_NAME);
  });
});

describe('user pool client', () => {
  it('allows SRP, custom and refresh-token flows — not USER_PASSWORD_AUTH', () => {
    // Act
    const [, client] = assembly.only('auth', 'AWS::Cognito::UserPoolClient');

    // Assess
    expect([...client.Properties?.ExplicitAuthFlows].sort()).toEqual(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client.Properties?.GenerateSecret).toBeUndefined();
    expect(client.Properties?.PreventUserExistenceErrors).toBe('ENABLED');
    expect(assembly.resolve('auth', client.Properties?.UserPoolId).logicalId).toBe(userPoolId);
  });
});

describe('groups', () => {
  it('are ADMINS and RESPONDERS, ADMINS first, in this pool', () => {
    // Act
    const groups = assembly.resources('auth', 'AWS::Cognito::UserPoolGroup').map(([, group]) => ({
      name: group.Properties?.GroupName,
      precedence: group.Properties?.Precedence,
      pool: assembly.resolve('auth', group.Properties?.UserPoolId).logicalId,
    }));

    // Assess
    expect(groups).toEqual([
      { name: 'ADMINS', precedence: 0, pool: userPoolId },
      { name: 'RESPONDERS', precedence: 1, pool: userPoolId },
    ]);
  });

  it.each(['ADMINS', 'RESPONDERS'])('%s has its own role, assumable by signed-in identities of this identity pool', (groupName) => {
    // Prepare
    const [, group] = assembly.only('auth', 'AWS::Cognito::UserPoolGroup', (resource) => resource.Properties?.GroupName === groupName);
    const [identityPoolId] = assembly.only('auth', 'AWS::Cognito::IdentityPool');

    // Act
    const roleTrust = trust(group.Properties?.RoleArn);

    // Assess
    expect(roleTrust).toEqual({
      type: 'AWS::IAM::Role',
      action: 'sts:AssumeRoleWithWebIdentity',
      principal: { Federated: 'cognito-identity.amazonaws.com' },
      audience: referenceText({ stack: 'auth', logicalId: identityPoolId, attribute: undefined }),
      amr: 'authenticated',
    });
  });

  it('do not share a role', () => {
    // Act
    const roles = assembly
      .resources('auth', 'AWS::Cognito::UserPoolGroup')
      .map(([, group]) => assembly.resolve('auth', group.Properties?.RoleArn).logicalId);

    // Assess
    expect(new Set(roles).size).toBe(2);
  });
});

describe('identity pool', () => {
  it('admits guests and this pool’s web client', () => {
    // Act
    const [, identityPool] = assembly.only('auth', 'AWS::Cognito::IdentityPool');
    const [provider, ...others] = identityPool.Properties?.CognitoIdentityProviders ?? [];

    // Assess
    expect(identityPool.Properties?.AllowUnauthenticatedIdentities).toBe(true);
    expect(others).toEqual([]);
    expect(assembly.resolve('auth', provider.ClientId).type).toBe('AWS::Cognito::UserPoolClient');
    expect(assembly.render('auth', provider.ProviderName)).toBe(`cognito-idp.\${AWS::Region}.amazonaws.com/{auth/${userPoolId}}`);
  });

  it('maps roles from the token (so group roles apply), falling back to the authenticated role', () => {
    // Act
    const [, attachment] = assembly.only('auth', 'AWS::Cognito::IdentityPoolRoleAttachment');
    const mappings = Object.values(attachment.Properties?.RoleMappings ?? {}) as { Type: string; AmbiguousRoleResolution: string }[];

    // Assess
    expect(mappings).toEqual([expect.objectContaining({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' })]);
    expect(trust(attachment.Properties?.Roles?.authenticated).amr).toBe('authenticated');
    expect(trust(attachment.Properties?.Roles?.unauthenticated).amr).toBe('unauthenticated');
  });
});
