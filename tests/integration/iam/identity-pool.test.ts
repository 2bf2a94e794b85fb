import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand, GetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { cognitoIdentityService } from '../../../local/cognito/identity-pool';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** Identity pools on the local edge, as guests see them, with the real SDK client and aws-amplify v6. */
describe('Cognito identity pools on the local edge (guests)', () => {
  let cloud: LocalCloud;
  let poolId: string;
  let client: CognitoIdentityClient;
  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), cognitoIdentityService()],
      reporter: new Reporter({ level: 'silent' }),
    });
    poolId = cloud.assembly.ofType('AWS::Cognito::IdentityPool')[0].ref();
    // Unsigned operations: any credentials will do, as with aws-amplify (which sends none).
    client = new CognitoIdentityClient(clientConfig(cloud, { accessKeyId: 'unused', secretAccessKey: 'unused' }));
  });
  afterAll(() => cloud?.stop());

  const bucketArn = () => String(cloud.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('flareFilesBucket'))!.getAtt('Arn'));

  describe('functionality', () => {
    it('GetId gives a guest a new identity id of the form <region>:<uuid>', async () => {
      // Act
      const first = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));
      const second = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: {} }));

      // Assess
      expect(first.IdentityId).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(second.IdentityId).not.toBe(first.IdentityId);
    });

    it('GetCredentialsForIdentity gives a guest credentials for the unauthenticated role, bound to the identity', async () => {
      // Prepare
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));

      // Act
      const result = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));

      // Assess
      expect(result.IdentityId).toBe(IdentityId);
      expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(result.Credentials?.Expiration).toBeInstanceOf(Date);
      expect(result.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);
      const principal = cloud.services.get<IamService>('iam').principalOf({ accessKeyId: result.Credentials!.AccessKeyId!, sessionToken: result.Credentials!.SessionToken });
      expect(principal).toMatchObject({ roleArn: roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'), identityId: IdentityId, sessionName: 'CognitoIdentityCredentials' });
    });

    it('the guest credentials sign requests: STS names the assumed unauthenticated role', async () => {
      // Prepare
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));
      const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
      const sts = new STSClient(clientConfig(cloud, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken }));

      // Act
      const identity = await sts.send(new GetCallerIdentityCommand({}));

      // Assess
      const roleName = roleArn(cloud, 'amplifyAuthunauthenticatedUserRole').split('/').pop();
      expect(identity.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${roleName}/CognitoIdentityCredentials`);
    });

    it("guest credentials are allowed what the unauthenticated role's storage policy allows, and nothing else", async () => {
      // Prepare
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));
      const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
      const iam = cloud.services.get<IamService>('iam');
      const guest = iam.principalOf({ accessKeyId: Credentials!.AccessKeyId!, sessionToken: Credentials!.SessionToken });

      // Act + Assess
      expect(iam.authorize(guest, { action: 's3:GetObject', resource: `${bucketArn()}/status-assets/logo.png` }).allowed).toBe(true);
      expect(iam.authorize(guest, { action: 's3:PutObject', resource: `${bucketArn()}/status-assets/logo.png` }).allowed).toBe(false);
      expect(iam.authorize(guest, { action: 's3:GetObject', resource: `${bucketArn()}/attachments/x` }).allowed).toBe(false);
    });

    it('aws-amplify v6 fetchAuthSession gets guest credentials and an identity id from the local identity pool', async () => {
      // Prepare
      Amplify.configure(amplifyConfig(cloud.outputs));

      // Act
      const session = await fetchAuthSession();

      // Assess
      expect(session.identityId).toMatch(/^us-east-1:/);
      expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
      expect(session.tokens).toBeUndefined();
    });

    it('GetIdentityPoolRoles answers the root with the roles and the token role mapping', async () => {
      // Prepare
      const signed = new CognitoIdentityClient(clientConfig(cloud));

      // Act
      const roles = await signed.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));

      // Assess
      expect(roles.Roles).toEqual({ authenticated: roleArn(cloud, 'amplifyAuthauthenticatedUserRole'), unauthenticated: roleArn(cloud, 'amplifyAuthunauthenticatedUserRole') });
      expect(Object.values(roles.RoleMappings ?? {})).toEqual([{ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' }]);
    });
  });

  describe('validation', () => {
    it('GetId for an unknown pool: ResourceNotFoundException', async () => {
      const error = await client.send(new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: "IdentityPool 'us-east-1:00000000-0000-4000-8000-000000000000' not found." });
    });

    it('GetId with a malformed pool id: InvalidParameterException', async () => {
      const error = await client.send(new GetIdCommand({ IdentityPoolId: 'not a pool' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidParameterException' });
    });

    it('GetCredentialsForIdentity for an unknown identity: ResourceNotFoundException', async () => {
      const error = await client.send(new GetCredentialsForIdentityCommand({ IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: "Identity 'us-east-1:00000000-0000-4000-8000-000000000000' not found." });
    });

    it('a login from a provider the pool does not trust: NotAuthorizedException', async () => {
      const error = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other': 'x.y.z' } })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'NotAuthorizedException', message: 'Token is not from a supported provider of this identity pool.' });
    });

    it('GetIdentityPoolRoles refuses an unsigned caller and a forged signature', async () => {
      // Prepare
      const forged = new CognitoIdentityClient(clientConfig(cloud, { accessKeyId: 'test', secretAccessKey: 'forged' }));

      // Act
      const error = await forged.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId })).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    });

    it('GetIdentityPoolRoles refuses guest credentials: no policy allows it', async () => {
      // Prepare
      const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId }));
      const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
      const asGuest = new CognitoIdentityClient(clientConfig(cloud, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken }));

      // Act
      const error = await asGuest.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId })).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'NotAuthorizedException' });
      expect((error as Error).message).toMatch(/is not authorized to perform: cognito-identity:GetIdentityPoolRoles on resource: arn:aws:cognito-identity:us-east-1:000000000000:identitypool\/us-east-1:.* because no identity-based policy allows/);
    });

    it('an operation the local identity pools do not implement: UnknownOperationException naming it and what it belongs to', async () => {
      // Act
      const response = await fetch(cloud.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetOpenIdTokenForDeveloperIdentity' },
        body: '{}',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: 'The local Cognito Identity does not implement GetOpenIdTokenForDeveloperIdentity (developer-authenticated identities)' });
    });
  });
});
