import { CognitoIdentityClient, DescribeIdentityPoolCommand, GetIdCommand, ListIdentitiesCommand, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** The read operations that list user pools and describe identity pools (ListUserPools, ListIdentityPools, DescribeIdentityPool, ListIdentities). */
describe('describing user pools and identity pools', () => {
  let cloud: LocalCloud;
  let cognito: CognitoIdentityProviderClient;
  let identity: CognitoIdentityClient;

  beforeAll(async () => {
    cloud = await startTestCloud();
    cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
    identity = new CognitoIdentityClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  describe('user pools', () => {
    it('lists the pool with its triggers', async () => {
      const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      expect(UserPools!.map((pool) => pool.Id)).toEqual([cloud.outputs.auth!.user_pool_id]);
      expect(UserPools![0].LambdaConfig!.PostConfirmation).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:/);
    });

    it('requires MaxResults (InvalidParameterException)', async () => {
      const error = await cognito.send(new ListUserPoolsCommand({} as never)).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    });

    it('refuses a role its policies do not allow', async () => {
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'), { sessionName: 'guest' });
      const error = await new CognitoIdentityProviderClient(clientConfig(cloud, credentials)).send(new ListUserPoolsCommand({ MaxResults: 10 })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AccessDeniedException' });
      expect((error as Error).message).toContain('cognito-idp:ListUserPools');
    });
  });

  describe('identity pools', () => {
    it('lists and describes the identity pool, and lists its identities as they are made', async () => {
      const { IdentityPools } = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
      const IdentityPoolId = cloud.outputs.auth!.identity_pool_id!;
      expect(IdentityPools!.map((pool) => pool.IdentityPoolId)).toEqual([IdentityPoolId]);
      const description = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId }));
      expect(description).toMatchObject({ IdentityPoolId, AllowUnauthenticatedIdentities: true });
      expect(description.CognitoIdentityProviders![0]).toMatchObject({ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${cloud.outputs.auth!.user_pool_id}`, ClientId: cloud.outputs.auth!.user_pool_client_id });

      const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId }));
      const { Identities } = await identity.send(new ListIdentitiesCommand({ IdentityPoolId, MaxResults: 60 }));
      expect(Identities!.map((entry) => entry.IdentityId)).toContain(IdentityId);
      expect(Identities!.find((entry) => entry.IdentityId === IdentityId)).toMatchObject({ Logins: [] });
    });

    it('answers an unknown pool with ResourceNotFoundException', async () => {
      const error = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });
});
