import { APIGatewayClient, CreateRestApiCommand, GetResourcesCommand, GetRestApisCommand, GetStagesCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApisCommand, GetAuthorizersCommand, GetRoutesCommand, GetStagesCommand as GetHttpStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, roleArn } from '../../helpers/cloud';
import { failure } from '../s3/helpers';
import { apiIds, startApiCloud } from './helpers';

/**
 * The management reads of both API Gateway APIs through the AWS SDK v3 clients: what the
 * assembly deployed, under IAM; every other operation refused, naming itself.
 */
describe('API Gateway management reads (SDK)', () => {
  let cloud: LocalCloud;
  let v1: APIGatewayClient;
  let v2: ApiGatewayV2Client;
  let ids: ReturnType<typeof apiIds>;

  beforeAll(async () => {
    cloud = await startApiCloud();
    ids = apiIds(cloud);
    v1 = new APIGatewayClient(clientConfig(cloud));
    v2 = new ApiGatewayV2Client(clientConfig(cloud));
  });
  afterAll(async () => {
    v1?.destroy();
    v2?.destroy();
    await cloud?.stop();
  });

  it('GetRestApis, GetResources, GetStages and GetUsagePlans describe the REST API as deployed', async () => {
    // Act
    const apis = await v1.send(new GetRestApisCommand({}));
    const resources = await v1.send(new GetResourcesCommand({ restApiId: ids.rest, limit: 500 }));
    const stages = await v1.send(new GetStagesCommand({ restApiId: ids.rest }));
    const plans = await v1.send(new GetUsagePlansCommand({}));

    // Assert
    expect(apis.items?.map((api) => [api.id, api.name])).toEqual([[ids.rest, 'fixtureRestApi']]);
    expect(apis.items?.[0].binaryMediaTypes).toEqual(['image/png', 'application/octet-stream']);
    expect(apis.items?.[0].createdDate).toBeInstanceOf(Date);
    const paths = resources.items?.map((resource) => resource.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['/', '/items', '/items/{proxy+}', '/mock/{name}', '/keyed', '/token-auth']));
    expect(stages.item?.map((stage) => [stage.stageName, stage.variables])).toEqual([['dev', { greeting: 'hello-dev' }]]);
    expect(plans.items?.map((plan) => [plan.name, plan.quota?.limit, plan.throttle?.burstLimit])).toEqual([['fixture-plan', 20, 5]]);
  });

  it('GetApis, GetRoutes, GetStages and GetAuthorizers describe the HTTP API as deployed', async () => {
    // Act
    const apis = await v2.send(new GetApisCommand({}));
    const routes = await v2.send(new GetRoutesCommand({ ApiId: ids.http }));
    const stages = await v2.send(new GetHttpStagesCommand({ ApiId: ids.http }));
    const authorizers = await v2.send(new GetAuthorizersCommand({ ApiId: ids.http }));

    // Assert
    const byName = (apis.Items ?? []).map((api) => [api.Name, api.ApiId, api.ProtocolType]).sort();
    expect(byName).toEqual([
      ['fixtureHttpApi', ids.http, 'HTTP'],
      ['fixtureQuickApi', ids.quick, 'HTTP'],
      ['fixtureUnpermittedApi', ids.unpermitted, 'HTTP'],
    ]);
    expect(apis.Items?.find((api) => api.ApiId === ids.http)?.ApiEndpoint).toBe(`https://${ids.http}.execute-api.us-east-1.amazonaws.com`);
    expect(routes.Items?.map((route) => route.RouteKey)).toEqual(expect.arrayContaining(['GET /pets/{petId}', 'ANY /public/{proxy+}', 'POST /webhook']));
    expect(stages.Items?.map((stage) => stage.StageName).sort()).toEqual(['$default', 'beta', 'throttled']);
    expect(authorizers.Items?.map((authorizer) => authorizer.AuthorizerType).sort()).toEqual(['JWT', 'REQUEST', 'REQUEST', 'REQUEST']);
  });

  it('answers an operation it does not run with an error naming it', async () => {
    // Act
    const error = await failure(v1.send(new CreateRestApiCommand({ name: 'new' })));

    // Assert
    expect(error.message).toContain('CreateRestApi');
    expect(error.message).toContain('does not implement');
  });

  it('refuses a caller whose policies do not allow apigateway:GET, and a request for an API it does not have', async () => {
    // Prepare
    const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'apihandlerlambdaServiceRole'), { sessionName: 'fn' });
    const limited = new APIGatewayClient(clientConfig(cloud, credentials));

    // Act
    const denied = await failure(limited.send(new GetRestApisCommand({})));
    const missing = await failure(v1.send(new GetResourcesCommand({ restApiId: 'nosuchapi1' })));
    limited.destroy();

    // Assert
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    expect(missing.name).toBe('NotFoundException');
  });
});
