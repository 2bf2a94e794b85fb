import { describe, expect, it, beforeAll } from 'vitest';
import type { AssemblyResource } from '../../../../local/assembly';
import { AssumeRoleDeniedError, SigV4Error, type IamService, type Principal } from '../../../../local/iam/types';
import { FLARE_ASSEMBLY_DIR, signRequest, startIam, T0, temporaryDir, type StartedIam } from './helpers';

const roleArn = (started: StartedIam, logicalId: string) => {
  const role = started.assembly.ofType('AWS::IAM::Role').find((r: AssemblyResource) => r.logicalId === logicalId);
  if (!role) throw new Error(`no role ${logicalId}`);
  return String(role.getAtt('Arn'));
};

/** A principal for a role of the fixture, through credentials the service issued. */
function assume(started: StartedIam, logicalId: string, options: { identityId?: string; context?: Record<string, string | string[]> } = {}): Principal {
  const credentials = started.iam.issueRoleCredentials(roleArn(started, logicalId), { sessionName: 'test-session', ...options });
  return started.iam.principalOf(credentials);
}

describe('the local IAM service', () => {
  let started: StartedIam;
  let iam: IamService;
  beforeAll(async () => {
    started = await startIam();
    iam = started.iam;
  });

  describe('root credentials', () => {
    it('are test / test by default and allowed everything', () => {
      // Act
      const principal = iam.principalOf({ accessKeyId: 'test' });

      // Assess
      expect(iam.rootCredentials).toEqual({ accessKeyId: 'test', secretAccessKey: 'test' });
      expect(iam.authorize(principal, { action: 'iam:DeleteRole', resource: '*' })).toEqual({ allowed: true, reason: 'root' });
    });

    it('come from FLARE_ROOT_ACCESS_KEY_ID / FLARE_ROOT_SECRET_ACCESS_KEY', async () => {
      // Prepare
      process.env.FLARE_ROOT_ACCESS_KEY_ID = 'LOCALADMIN';
      process.env.FLARE_ROOT_SECRET_ACCESS_KEY = 's3cret';
      try {
        // Act
        const { iam: custom } = await startIam();
        const request = await signRequest({ credentials: { accessKeyId: 'LOCALADMIN', secretAccessKey: 's3cret' } });
        const defaultSigned = await signRequest();

        // Assess
        expect(custom.rootCredentials.accessKeyId).toBe('LOCALADMIN');
        expect(custom.authenticate(request).kind).toBe('root');
        expect(() => custom.authenticate(defaultSigned)).toThrow(expect.objectContaining({ code: 'InvalidClientTokenId' }));
      } finally {
        delete process.env.FLARE_ROOT_ACCESS_KEY_ID;
        delete process.env.FLARE_ROOT_SECRET_ACCESS_KEY;
      }
    });
  });

  describe('temporary credentials', () => {
    it('look like STS credentials and name the assumed role', () => {
      // Act
      const credentials = iam.issueRoleCredentials(roleArn(started, 'FunctionRole'), { sessionName: 'my-function' });
      const principal = iam.principalOf(credentials);

      // Assess
      expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(credentials.secretAccessKey).toHaveLength(40);
      expect(credentials.sessionToken).toBeTruthy();
      expect(credentials.expiration?.getTime()).toBe(T0 + 3600_000);
      expect(principal).toMatchObject({
        kind: 'assumed-role',
        arn: `arn:aws:sts::000000000000:assumed-role/${principal.roleName}/my-function`,
        roleArn: roleArn(started, 'FunctionRole'),
        sessionName: 'my-function',
      });
      expect(principal.userId).toMatch(/^AROA[A-Z0-9]{17}:my-function$/);
    });

    it('sign requests that authenticate as the role', async () => {
      // Prepare
      const credentials = iam.issueRoleCredentials(roleArn(started, 'FunctionRole'), { sessionName: 'fn' });
      const request = await signRequest({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken } });

      // Act + Assess
      expect(iam.authenticate(request)).toMatchObject({ kind: 'assumed-role', sessionName: 'fn' });
    });

    it('are refused without their session token, or with another one', async () => {
      // Prepare
      const a = iam.issueRoleCredentials(roleArn(started, 'FunctionRole'), { sessionName: 'session-a' });
      const b = iam.issueRoleCredentials(roleArn(started, 'FunctionRole'), { sessionName: 'session-b' });
      const withoutToken = await signRequest({ credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } });
      const withOthers = await signRequest({ credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, sessionToken: b.sessionToken } });
      const forged = await signRequest({ credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, sessionToken: `${a.sessionToken!.slice(0, -4)}AAAA` } });

      // Act + Assess
      for (const request of [withoutToken, withOthers, forged]) {
        expect(() => iam.authenticate(request)).toThrow(expect.objectContaining({ code: 'InvalidToken', message: 'The security token included in the request is invalid.' }));
      }
    });

    it('expire: ExpiredToken after their duration', async () => {
      // Prepare
      const credentials = iam.issueRoleCredentials(roleArn(started, 'FunctionRole'), { sessionName: 'short', durationSeconds: 900 });
      started.clock.now = T0 + 901_000;
      try {
        const request = await signRequest({ signingDate: new Date(started.clock.now), credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken } });

        // Act + Assess
        expect(() => iam.authenticate(request)).toThrow(expect.objectContaining({ code: 'ExpiredToken', message: 'The security token included in the request is expired' }));
      } finally {
        started.clock.now = T0;
      }
    });

    it('survive a restart of the local cloud with the same state directory', async () => {
      // Prepare
      const stateDir = temporaryDir();
      const first = await startIam({ stateDir });
      const credentials = first.iam.issueRoleCredentials(roleArn(first, 'FunctionRole'), { sessionName: 'long-lived' });

      // Act
      const second = await startIam({ stateDir });
      const elsewhere = await startIam({ stateDir: temporaryDir() });

      // Assess
      expect(second.iam.principalOf(credentials).sessionName).toBe('long-lived');
      expect(() => elsewhere.iam.principalOf(credentials)).toThrow(SigV4Error);
    });

    it('are only issued for roles of the assembly, for 900–43200 seconds', () => {
      expect(() => iam.issueRoleCredentials('arn:aws:iam::000000000000:role/Nope', { sessionName: 's' })).toThrow(/No role arn:aws:iam::000000000000:role\/Nope in the cloud assembly/);
      expect(() => iam.issueRoleCredentials(roleArn(started, 'FunctionRole'), { sessionName: 's1', durationSeconds: 60 })).toThrow(RangeError);
    });
  });

  describe('authorization against the roles of the assembly', () => {
    const table = 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders';
    const parameter = (name: string) => `arn:aws:ssm:us-east-1:000000000000:parameter/${name}`;
    it.each([
      ['inline policy on the role', 'dynamodb:GetItem', table, true],
      ['inline policy, an index of the table', 'dynamodb:Query', `${table}/index/byDate`, true],
      ['inline policy, an action it does not list', 'dynamodb:DeleteItem', table, false],
      ['AWS::IAM::Policy attached through Roles', 'ssm:GetParameters', parameter('app/db-url'), true],
      ['its explicit Deny', 'ssm:GetParameters', parameter('app/secret/key'), false],
      ['the known AWS managed AWSLambdaBasicExecutionRole', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:*', true],
      ['a customer managed policy from ManagedPolicyArns', 's3:GetObject', 'arn:aws:s3:::fixture-files/reports/q1.csv', true],
      ['nothing grants it', 's3:PutObject', 'arn:aws:s3:::fixture-files/reports/q1.csv', false],
    ])('FunctionRole: %s (%s)', (_name, action, resource, allowed) => {
      expect(iam.authorize(assume(started, 'FunctionRole'), { action, resource }).allowed).toBe(allowed);
    });

    it('reports an explicit deny and the statement', () => {
      // Act
      const decision = iam.authorize(assume(started, 'FunctionRole'), { action: 'ssm:GetParameters', resource: parameter('app/secret/key') });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'explicit-deny', statement: 'FunctionRoleDefaultPolicy statement NoSecrets' });
    });

    it('warns at start about AWS managed policies it does not know, naming them and the role, and grants nothing for them', () => {
      expect(started.warnings.some((w) => w.includes('arn:aws:iam::aws:policy/AmazonMysteryServiceFullAccess') && w.includes('FunctionRole') && w.includes('grants nothing'))).toBe(true);
    });

    it('caps a role by its permissions boundary', () => {
      // Prepare: "Everything" inline, boundary ReadReports
      const principal = assume(started, 'BoundedRole');

      // Act + Assess
      expect(iam.authorize(principal, { action: 's3:GetObject', resource: 'arn:aws:s3:::fixture-files/reports/x' }).allowed).toBe(true);
      expect(iam.authorize(principal, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::fixture-files/reports/x' })).toMatchObject({ allowed: false, reason: 'implicit-deny' });
    });

    it("binds ${cognito-identity.amazonaws.com:sub} to the credentials' identity id", () => {
      // Prepare
      const principal = assume(started, 'AuthenticatedRole', { identityId: 'us-east-1:aaaa' });

      // Act + Assess
      expect(iam.authorize(principal, { action: 's3:PutObject', resource: 'arn:aws:s3:::fixture-files/avatars/us-east-1:aaaa/me.png' }).allowed).toBe(true);
      expect(iam.authorize(principal, { action: 's3:PutObject', resource: 'arn:aws:s3:::fixture-files/avatars/us-east-1:bbbb/me.png' }).allowed).toBe(false);
    });

    it('takes request condition keys from the caller (s3:prefix), case-insensitively', () => {
      // Prepare
      const principal = assume(started, 'AuthenticatedRole', { identityId: 'us-east-1:aaaa' });
      const bucket = 'arn:aws:s3:::fixture-files';

      // Act + Assess
      expect(iam.authorize(principal, { action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': 'avatars/' } }).allowed).toBe(true);
      expect(iam.authorize(principal, { action: 's3:ListBucket', resource: bucket, context: { 'S3:Prefix': 'reports/' } }).allowed).toBe(false);
      expect(iam.authorize(principal, { action: 's3:ListBucket', resource: bucket }).allowed).toBe(false);
    });
  });

  describe('assumeRoleWithWebIdentity', () => {
    const pool = () => String(started.assembly.ofType('AWS::Cognito::IdentityPool')[0].ref());

    it('issues credentials when the trust policy lets the identity pool assume the role', () => {
      // Act
      const credentials = iam.assumeRoleWithWebIdentity(roleArn(started, 'AuthenticatedRole'), 'cognito-identity.amazonaws.com', {
        sessionName: 'CognitoIdentityCredentials',
        identityId: 'us-east-1:aaaa',
        context: { 'cognito-identity.amazonaws.com:aud': pool(), 'cognito-identity.amazonaws.com:amr': ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_x'] },
      });

      // Assess
      expect(iam.principalOf(credentials)).toMatchObject({ identityId: 'us-east-1:aaaa', context: { 'cognito-identity.amazonaws.com:aud': pool() } });
    });

    it('refuses a guest the authenticated role, and another pool any role', () => {
      const attempt = (logicalId: string, aud: string, amr: string) => () =>
        iam.assumeRoleWithWebIdentity(roleArn(started, logicalId), 'cognito-identity.amazonaws.com', {
          sessionName: 'CognitoIdentityCredentials',
          context: { 'cognito-identity.amazonaws.com:aud': aud, 'cognito-identity.amazonaws.com:amr': [amr] },
        });
      expect(attempt('AuthenticatedRole', pool(), 'unauthenticated')).toThrow(AssumeRoleDeniedError);
      expect(attempt('UnauthenticatedRole', 'us-east-1:another-pool', 'unauthenticated')).toThrow(AssumeRoleDeniedError);
      expect(attempt('UnauthenticatedRole', pool(), 'unauthenticated')).not.toThrow();
    });

    it('refuses a role that trusts only lambda.amazonaws.com', () => {
      expect(() => iam.assumeRoleWithWebIdentity(roleArn(started, 'FunctionRole'), 'cognito-identity.amazonaws.com', { sessionName: 'x1' })).toThrow(
        /Not authorized to perform sts:AssumeRoleWithWebIdentity/,
      );
    });
  });

  describe("Flare's own assembly", () => {
    let flare: StartedIam;
    beforeAll(async () => {
      flare = await startIam({ dir: FLARE_ASSEMBLY_DIR });
    });
    const bucketArn = () => String(flare.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('flareFilesBucket'))!.getAtt('Arn'));
    const groupRole = (prefix: string) => flare.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(prefix))!;
    const session = (prefix: string, identityId = 'us-east-1:11111111-2222-4333-8444-555555555555') =>
      flare.iam.principalOf(flare.iam.issueRoleCredentials(String(groupRole(prefix).getAtt('Arn')), { sessionName: 'CognitoIdentityCredentials', identityId }));

    it('loads every role without warnings about unknown policies', () => {
      expect(flare.warnings).toEqual([]);
    });

    it.each([
      ['amplifyAuthRESPONDERSGroupRole', 's3:GetObject', 'attachments/incident-1/log.txt', true],
      ['amplifyAuthRESPONDERSGroupRole', 's3:PutObject', 'attachments/incident-1/log.txt', true],
      ['amplifyAuthRESPONDERSGroupRole', 's3:PutObject', 'status-assets/logo.png', false],
      ['amplifyAuthRESPONDERSGroupRole', 's3:GetObject', 'reports/weekly.pdf', true],
      ['amplifyAuthunauthenticatedUserRole', 's3:GetObject', 'status-assets/logo.png', true],
      ['amplifyAuthunauthenticatedUserRole', 's3:GetObject', 'attachments/incident-1/log.txt', false],
      ['amplifyAuthADMINSGroupRole', 's3:PutObject', 'status-assets/logo.png', true],
      ['amplifyAuthauthenticatedUserRole', 's3:PutObject', 'avatars/us-east-1:11111111-2222-4333-8444-555555555555/me.png', true],
      ['amplifyAuthauthenticatedUserRole', 's3:PutObject', 'avatars/us-east-1:99999999-2222-4333-8444-555555555555/me.png', false],
      ['amplifyAuthauthenticatedUserRole', 's3:GetObject', 'avatars/us-east-1:99999999-2222-4333-8444-555555555555/me.png', true],
    ])('%s: %s %s → %s', (role, action, key, allowed) => {
      expect(flare.iam.authorize(session(role), { action, resource: `${bucketArn()}/${key}` }).allowed).toBe(allowed);
    });

    it('lets guests list status-assets/ only', () => {
      const guest = session('amplifyAuthunauthenticatedUserRole');
      expect(flare.iam.authorize(guest, { action: 's3:ListBucket', resource: bucketArn(), context: { 's3:prefix': 'status-assets/' } }).allowed).toBe(true);
      expect(flare.iam.authorize(guest, { action: 's3:ListBucket', resource: bucketArn(), context: { 's3:prefix': 'attachments/' } }).allowed).toBe(false);
    });
  });
});
