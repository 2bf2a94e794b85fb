import { CognitoIdentityClient, GetIdCommand, GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { cognitoIdentityService } from '../../../local/cognito/identity-pool';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, roleArn, ROOT, startTestCloud } from '../../helpers/cloud';

const FIXTURE = fileURLToPath(new URL('../../fixtures/sts', import.meta.url));

/**
 * STS role assumption on the local edge with the real @aws-sdk/client-sts and
 * client-cognito-identity, on raw-CDK-shaped roles and identity pools (tests/fixtures/sts):
 * AssumeRole under trust policies (a role named, the account delegating to the caller's own
 * policies, sts:ExternalId), and the identity pools' basic flow (GetOpenIdToken, then
 * AssumeRoleWithWebIdentity, unsigned).
 */
describe('STS AssumeRole and AssumeRoleWithWebIdentity', () => {
  let cloud: LocalCloud;
  let iam: IamService;
  beforeAll(async () => {
    cloud = await startTestCloud({ cdkOut: FIXTURE, services: [iamService(), cognitoIdentityService()], reporter: new Reporter({ level: 'silent' }) });
    iam = cloud.services.get<IamService>('iam');
  });
  afterAll(() => cloud?.stop());

  /** An STS client signing with the credentials of a session of the fixture's role `logicalId`. */
  const stsAs = (logicalId: string) => {
    const credentials = iam.issueRoleCredentials(roleArn(cloud, logicalId), { sessionName: logicalId.toLowerCase() });
    return new STSClient(clientConfig(cloud, credentials));
  };
  const roleName = (logicalId: string) => roleArn(cloud, logicalId).split('/').pop()!;
  const identityClient = () => new CognitoIdentityClient(clientConfig(cloud, { accessKeyId: 'unused', secretAccessKey: 'unused' }));
  const poolId = (logicalId: string) => cloud.assembly.ofType('AWS::Cognito::IdentityPool').find((pool) => pool.logicalId === logicalId)!.ref();

  async function guestOpenIdToken(pool = 'ClassicPool'): Promise<{ identityId: string; token: string }> {
    const client = identityClient();
    const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId(pool) }));
    const { Token, IdentityId: answered } = await client.send(new GetOpenIdTokenCommand({ IdentityId }));
    expect(answered).toBe(IdentityId);
    return { identityId: IdentityId!, token: Token! };
  }

  describe('AssumeRole', () => {
    it('lets a role whose own policy allows sts:AssumeRole assume a role that trusts the account; the new credentials are that role', async () => {
      // Act
      const result = await stsAs('WorkerRole').send(new AssumeRoleCommand({ RoleArn: roleArn(cloud, 'AuditorRole'), RoleSessionName: 'nightly-audit', DurationSeconds: 7200 }));

      // Assess
      const expectedArn = `arn:aws:sts::000000000000:assumed-role/${roleName('AuditorRole')}/nightly-audit`;
      expect(result.AssumedRoleUser).toEqual({ Arn: expectedArn, AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]{17}:nightly-audit$/) });
      expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(result.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(7100_000);
      const caller = await new STSClient(
        clientConfig(cloud, { accessKeyId: result.Credentials!.AccessKeyId!, secretAccessKey: result.Credentials!.SecretAccessKey!, sessionToken: result.Credentials!.SessionToken }),
      ).send(new GetCallerIdentityCommand({}));
      expect(caller.Arn).toBe(expectedArn);
    });

    it('refuses a role whose own policies do not allow it, naming the caller and the role: AccessDenied, 403', async () => {
      // Act
      const error = await stsAs('IdleRole').send(new AssumeRoleCommand({ RoleArn: roleArn(cloud, 'AuditorRole'), RoleSessionName: 'audit' })).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        name: 'AccessDenied',
        message: `User: arn:aws:sts::000000000000:assumed-role/${roleName('IdleRole')}/idlerole is not authorized to perform: sts:AssumeRole on resource: ${roleArn(cloud, 'AuditorRole')}`,
        $metadata: { httpStatusCode: 403 },
      });
    });

    it('lets the role a trust policy names in by itself, only with the sts:ExternalId its condition asks for', async () => {
      // Prepare
      const idle = stsAs('IdleRole');
      const partner = roleArn(cloud, 'PartnerRole');

      // Act
      const granted = await idle.send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 'partner', ExternalId: 'flare-partner-42' }));
      const wrongId = await idle.send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 'partner', ExternalId: 'flare-partner-41' })).catch((e: unknown) => e);
      const noId = await idle.send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 'partner' })).catch((e: unknown) => e);
      const notNamed = await stsAs('WorkerRole').send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 'partner', ExternalId: 'flare-partner-42' })).catch((e: unknown) => e);

      // Assess
      expect(granted.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${roleName('PartnerRole')}/partner`);
      for (const error of [wrongId, noId, notNamed]) expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    });

    it('refuses the root account, as AWS does: "Roles may not be assumed by root accounts."', async () => {
      // Act
      const error = await new STSClient(clientConfig(cloud, ROOT)).send(new AssumeRoleCommand({ RoleArn: roleArn(cloud, 'AuditorRole'), RoleSessionName: 'root' })).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'AccessDenied', message: 'Roles may not be assumed by root accounts.', $metadata: { httpStatusCode: 403 } });
    });
  });

  describe('AssumeRole validation', () => {
    it('refuses a session longer than the role’s MaxSessionDuration: ValidationError', async () => {
      // Act
      const error = await stsAs('WorkerRole').send(new AssumeRoleCommand({ RoleArn: roleArn(cloud, 'AuditorRole'), RoleSessionName: 'long', DurationSeconds: 10_800 })).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', $metadata: { httpStatusCode: 400 } });
    });

    it('checks RoleSessionName and DurationSeconds as the API model constrains them', async () => {
      // Prepare
      const worker = stsAs('WorkerRole');
      const auditor = roleArn(cloud, 'AuditorRole');

      // Act
      const badName = await worker.send(new AssumeRoleCommand({ RoleArn: auditor, RoleSessionName: 'has space' })).catch((e: unknown) => e);
      const tooShort = await worker.send(new AssumeRoleCommand({ RoleArn: auditor, RoleSessionName: 'ok', DurationSeconds: 60 })).catch((e: unknown) => e);

      // Assess
      expect(badName).toMatchObject({ name: 'ValidationError', message: expect.stringContaining("Value 'has space' at 'roleSessionName' failed to satisfy constraint") });
      expect(tooShort).toMatchObject({ name: 'ValidationError', message: expect.stringContaining("Value '60' at 'durationSeconds' failed to satisfy constraint") });
    });

    it('answers a role that does not exist as AWS does (AccessDenied), and refuses session policies by name rather than ignoring them', async () => {
      // Prepare
      const worker = stsAs('WorkerRole');

      // Act
      const missing = await worker.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/NoSuchRole', RoleSessionName: 'x1' })).catch((e: unknown) => e);
      const sessionPolicy = await worker
        .send(new AssumeRoleCommand({ RoleArn: roleArn(cloud, 'AuditorRole'), RoleSessionName: 'x2', Policy: '{"Version":"2012-10-17","Statement":[]}' }))
        .catch((e: unknown) => e);

      // Assess
      expect(missing).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      expect(sessionPolicy).toMatchObject({ name: 'InvalidParameterValue', message: 'Policy is not supported by the local STS', $metadata: { httpStatusCode: 400 } });
    });
  });

  describe('the basic flow: GetOpenIdToken, then AssumeRoleWithWebIdentity', () => {
    it('gives a guest an OpenID token for its identity, valid 10 minutes, issued by cognito-identity.amazonaws.com', async () => {
      // Act
      const { identityId, token } = await guestOpenIdToken();

      // Assess
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ iss: 'https://cognito-identity.amazonaws.com', sub: identityId, aud: poolId('ClassicPool'), amr: ['unauthenticated'] });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    });

    it('exchanges the token, without AWS credentials, for a role whose trust policy accepts the pool and the guest', async () => {
      // Prepare
      const { identityId, token } = await guestOpenIdToken();

      // Act
      const result = await new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', maxAttempts: 1 }).send(
        new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn(cloud, 'GuestRole'), RoleSessionName: 'guest-session', WebIdentityToken: token }),
      );

      // Assess
      expect(result).toMatchObject({
        SubjectFromWebIdentityToken: identityId,
        Provider: 'cognito-identity.amazonaws.com',
        Audience: poolId('ClassicPool'),
        AssumedRoleUser: { Arn: `arn:aws:sts::000000000000:assumed-role/${roleName('GuestRole')}/guest-session` },
      });
      const principal = iam.principalOf({ accessKeyId: result.Credentials!.AccessKeyId!, sessionToken: result.Credentials!.SessionToken });
      expect(principal).toMatchObject({ roleArn: roleArn(cloud, 'GuestRole'), identityId });
    });

    it('refuses a role whose trust policy wants signed-in users, and a token that is forged or not a JWT', async () => {
      // Prepare
      const { token } = await guestOpenIdToken();
      const sts = new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', maxAttempts: 1 });
      const [header, payload] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, amr: ['authenticated'] })).toString('base64url')}.${token.split('.')[2]}`;
      const assume = (role: string, webToken: string) =>
        sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn(cloud, role), RoleSessionName: 'web', WebIdentityToken: webToken })).catch((e: unknown) => e);

      // Act
      const wrongRole = await assume('MembersRole', token);
      const forgedToken = await assume('MembersRole', forged);
      const notJwt = await assume('GuestRole', 'not-a-token');

      // Assess
      expect(wrongRole).toMatchObject({ name: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', $metadata: { httpStatusCode: 403 } });
      expect(forgedToken).toMatchObject({ name: 'InvalidIdentityTokenException', $metadata: { httpStatusCode: 400 } });
      expect(notJwt).toMatchObject({ name: 'InvalidIdentityTokenException', $metadata: { httpStatusCode: 400 } });
    });

    it('refuses GetOpenIdToken for a pool with AllowClassicFlow false, as Cognito does', async () => {
      // Prepare
      const client = identityClient();
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId('EnhancedOnlyPool') }));

      // Act
      const error = await client.send(new GetOpenIdTokenCommand({ IdentityId })).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'Basic (classic) flow is not enabled, please use enhanced flow.' });
    });
  });

  describe('unsigned query-protocol requests (the wire format is the point)', () => {
    it('get STS’s XML error for an action that needs a signature, not another service’s answer', async () => {
      // Act
      const response = await fetch(cloud.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });

      // Assess
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(body).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
      expect(body).toContain('<Code>MissingAuthenticationToken</Code>');
    });
  });

  describe('an expired OpenID token', () => {
    it('is refused by AssumeRoleWithWebIdentity with ExpiredTokenException once its 10 minutes are over, on the identity pool’s clock', async () => {
      // Prepare: a second cloud whose identity pools keep the time we set.
      let now = Date.now();
      const timed = await startTestCloud({ cdkOut: FIXTURE, services: [iamService(), cognitoIdentityService({ now: () => now })], reporter: new Reporter({ level: 'silent' }) });
      try {
        const identity = new CognitoIdentityClient(clientConfig(timed, { accessKeyId: 'unused', secretAccessKey: 'unused' }));
        const classicPool = timed.assembly.ofType('AWS::Cognito::IdentityPool').find((pool) => pool.logicalId === 'ClassicPool')!.ref();
        const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: classicPool }));
        const { Token } = await identity.send(new GetOpenIdTokenCommand({ IdentityId }));
        const assume = () =>
          new STSClient({ endpoint: timed.endpoint, region: 'us-east-1', maxAttempts: 1 })
            .send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn(timed, 'GuestRole'), RoleSessionName: 'late', WebIdentityToken: Token }))
            .catch((error: unknown) => error);

        // Act
        now += 9 * 60_000;
        const inTime = await assume();
        now += 2 * 60_000;
        const late = await assume();

        // Assess
        expect(inTime).toMatchObject({ SubjectFromWebIdentityToken: IdentityId });
        expect(late).toMatchObject({ name: 'ExpiredTokenException', message: 'Token expired: current date/time must be before the expiration date/time.', $metadata: { httpStatusCode: 400 } });
      } finally {
        await timed.stop();
      }
    });
  });
});

