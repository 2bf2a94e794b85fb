import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, type CloudAssembly, type ResourceReference, type StatementView } from '../helpers/assembly';

let assembly: CloudAssembly;
/** `{storage/<bucket>.Arn}`, as policies render it. */
let bucketArn: string;
let roles: Record<'guest' | 'authenticated' | 'ADMINS' | 'RESPONDERS' | 'incident-lifecycle', ResourceReference>;

beforeAll(() => {
  assembly = loadAssembly();
  const [bucketId] = assembly.only('storage', 'AWS::S3::Bucket');
  bucketArn = `{storage/${bucketId}.Arn}`;

  const [, attachment] = assembly.only('auth', 'AWS::Cognito::IdentityPoolRoleAttachment');
  const groupRole = (name: string) =>
    assembly.resolve('auth', assembly.only('auth', 'AWS::Cognito::UserPoolGroup', (group) => group.Properties?.GroupName === name)[1].Properties?.RoleArn);
  const lifecycle = assembly.amplifyFunction('incident-lifecycle');
  roles = {
    guest: assembly.resolve('auth', attachment.Properties?.Roles?.unauthenticated),
    authenticated: assembly.resolve('auth', attachment.Properties?.Roles?.authenticated),
    ADMINS: groupRole('ADMINS'),
    RESPONDERS: groupRole('RESPONDERS'),
    'incident-lifecycle': assembly.resolve(lifecycle.stack, lifecycle.resource.Properties?.Role),
  };
});

/** The statements of the one storage policy attached to `role`. */
function storageStatements(role: ResourceReference): StatementView[] {
  const policies = assembly.policiesAttachedTo(role).filter((policy) => policy.stack === 'storage');
  expect(policies).toHaveLength(1);
  return policies[0].statements;
}

function objects(...paths: string[]): string[] {
  return paths.map((p) => `${bucketArn}/${p}`).sort();
}

function list(...prefixes: string[]): StatementView {
  return {
    effect: 'Allow',
    actions: ['s3:ListBucket'],
    resources: [bucketArn],
    condition: { StringLike: { 's3:prefix': prefixes.flatMap((prefix) => [`${prefix}/*`, `${prefix}/`]) } },
  };
}

function allow(action: string, ...paths: string[]): StatementView {
  return { effect: 'Allow', actions: [action], resources: objects(...paths) };
}

describe('storage access rules (amplify/storage/resource.ts) as IAM policies', () => {
  it('are one AWS::IAM::Policy per role: guest, authenticated, ADMINS, RESPONDERS and incident-lifecycle', () => {
    // Act
    const policies = assembly.resources('storage', 'AWS::IAM::Policy');
    const attachedTo = policies.map(([, policy]) =>
      (policy.Properties?.Roles as unknown[]).map((role) => assembly.resolve('storage', role).logicalId),
    );

    // Assess
    expect(attachedTo.flat().sort()).toEqual(Object.values(roles).map((role) => role.logicalId).sort());
    expect(attachedTo.every((entries) => entries.length === 1)).toBe(true);
  });

  it('RESPONDERS: read, write and delete attachments; read status assets, avatars and reports', () => {
    expect(storageStatements(roles.RESPONDERS)).toEqual([
      allow('s3:GetObject', 'attachments/*', 'avatars/*', 'reports/*', 'status-assets/*'),
      list('attachments', 'status-assets', 'avatars', 'reports'),
      allow('s3:PutObject', 'attachments/*'),
      allow('s3:DeleteObject', 'attachments/*'),
    ]);
  });

  it('ADMINS: read, write and delete attachments and status assets; read avatars and reports', () => {
    expect(storageStatements(roles.ADMINS)).toEqual([
      allow('s3:GetObject', 'attachments/*', 'status-assets/*', 'avatars/*', 'reports/*'),
      list('attachments', 'status-assets', 'avatars', 'reports'),
      allow('s3:PutObject', 'attachments/*', 'status-assets/*'),
      allow('s3:DeleteObject', 'attachments/*', 'status-assets/*'),
    ]);
  });

  it('guests: read status assets only', () => {
    expect(storageStatements(roles.guest)).toEqual([allow('s3:GetObject', 'status-assets/*'), list('status-assets')]);
  });

  it('signed-in identities: read status assets and every avatar; write and delete in their own avatar folder only', () => {
    expect(storageStatements(roles.authenticated)).toEqual([
      allow('s3:GetObject', 'status-assets/*', 'avatars/*'),
      list('status-assets', 'avatars'),
      allow('s3:PutObject', 'avatars/${cognito-identity.amazonaws.com:sub}/*'),
      allow('s3:DeleteObject', 'avatars/${cognito-identity.amazonaws.com:sub}/*'),
    ]);
  });

  it('incident-lifecycle: write reports, nothing else', () => {
    expect(storageStatements(roles['incident-lifecycle'])).toEqual([allow('s3:PutObject', 'reports/*')]);
  });

  it('no role may delete reports or touch other prefixes', () => {
    // Act
    const resources = Object.values(roles).flatMap((role) => storageStatements(role).flatMap((statement) => statement.resources));
    const deletes = Object.values(roles).flatMap((role) =>
      storageStatements(role)
        .filter((statement) => statement.actions.includes('s3:DeleteObject'))
        .flatMap((statement) => statement.resources),
    );

    // Assess
    expect(deletes.some((resource) => resource.includes('/reports/'))).toBe(false);
    for (const resource of resources) {
      expect(resource === bucketArn || /\/(attachments|status-assets|avatars|reports)\//.test(resource), resource).toBe(true);
    }
  });
});

describe('bucket', () => {
  it('is named to functions through the FLARE_FILES_BUCKET_NAME parameter', () => {
    // Act
    const [, parameter] = assembly.only('storage', 'AWS::SSM::Parameter');

    // Assess
    expect(parameter.Properties?.Name).toMatch(/\/FLARE_FILES_BUCKET_NAME$/);
    expect(assembly.render('storage', parameter.Properties?.Value)).toBe(bucketArn.replace('.Arn', ''));
  });
});
