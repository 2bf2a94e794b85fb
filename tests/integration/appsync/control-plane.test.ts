import { AppSyncClient, ListApiKeysCommand, ListDataSourcesCommand, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** AppSync's control-plane reads (ListGraphqlApis, ListApiKeys, ListDataSources) through the real SDK client. */
describe('AppSync control plane', () => {
  let cloud: LocalCloud;
  let appsync: AppSyncClient;

  beforeAll(async () => {
    cloud = await startTestCloud();
    appsync = new AppSyncClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  describe('functionality', () => {
    it('lists the API with its URLs and auth providers, as amplify_outputs.json has them', async () => {
      const { graphqlApis } = await appsync.send(new ListGraphqlApisCommand({}));
      expect(graphqlApis).toHaveLength(1);
      const [api] = graphqlApis!;
      expect(api.uris).toEqual({ GRAPHQL: cloud.outputs.data!.url, REALTIME: `${cloud.outputs.data!.url.replace(/^http/, 'ws')}/realtime` });
      expect(api.authenticationType).toBe(cloud.outputs.data!.default_authorization_type);
      expect(api.userPoolConfig).toMatchObject({ userPoolId: cloud.outputs.auth!.user_pool_id, awsRegion: 'us-east-1', defaultAction: 'ALLOW' });
      expect(api.additionalAuthenticationProviders!.map((provider) => provider.authenticationType).sort()).toEqual([...cloud.outputs.data!.authorization_types].sort());
      expect(api.arn).toMatch(/^arn:aws:appsync:us-east-1:000000000000:apis\//);
    });

    it('lists the API key (its id is the key) and the data sources with their tables and functions', async () => {
      const { graphqlApis } = await appsync.send(new ListGraphqlApisCommand({}));
      const apiId = graphqlApis![0].apiId!;
      const { apiKeys } = await appsync.send(new ListApiKeysCommand({ apiId }));
      expect(apiKeys!.map((key) => key.id)).toEqual([cloud.outputs.data!.api_key]);
      expect(apiKeys![0].expires).toBeGreaterThan(Date.now() / 1000);
      const { dataSources } = await appsync.send(new ListDataSourcesCommand({ apiId }));
      const incident = dataSources!.find((source) => source.name === 'IncidentTable');
      expect(incident).toMatchObject({ type: 'AMAZON_DYNAMODB', dynamodbConfig: { awsRegion: 'us-east-1' } });
      expect(incident!.dynamodbConfig!.tableName).toMatch(/^Incident-/);
      expect(dataSources!.some((source) => source.type === 'AWS_LAMBDA' && source.lambdaConfig?.lambdaFunctionArn?.startsWith('arn:aws:lambda:'))).toBe(true);
    });
  });

  describe('validation', () => {
    it('answers an unknown API with NotFoundException (404)', async () => {
      const error = await appsync.send(new ListApiKeysCommand({ apiId: 'nosuchapi' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
    });

    it('refuses a role its policies do not allow (AccessDeniedException, 403)', async () => {
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'), { sessionName: 'guest' });
      const guest = new AppSyncClient(clientConfig(cloud, credentials));
      const error = await guest.send(new ListGraphqlApisCommand({})).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      expect((error as Error).message).toContain('appsync:ListGraphqlApis');
    });

    it('refuses a bad signature before anything else', async () => {
      const forged = new AppSyncClient(clientConfig(cloud, { accessKeyId: 'test', secretAccessKey: 'wrong' }));
      const error = await forged.send(new ListGraphqlApisCommand({})).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    });
  });
});
