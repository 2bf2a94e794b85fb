/**
 * How the REST APIs the local cloud runs look in the `apigateway` management API, typed by the
 * SDK's own shapes (the wire uses the same camelCase names; dates go out as epoch seconds).
 */
import type { ApiKey as ApiKeyOutput, Authorizer, Method, Resource, RestApi, Stage, UsagePlan as UsagePlanOutput } from '@aws-sdk/client-api-gateway';
import { ManagementError } from '../../errors';
import { LOCAL_ACCOUNT } from '../../../assembly/template';
import type { RestApiModel, RestAuthorizer, RestMethod, RestResource, RestStage } from '../../rest/model';
import type { ApiKey, UsagePlan } from '../../rest/usage-plans';
import type { ApiGatewayModels } from '../context';

export function restApiOutput(api: RestApiModel): RestApi {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: api.createdDate,
    binaryMediaTypes: api.binaryMediaTypes.length > 0 ? api.binaryMediaTypes : undefined,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: { types: ['EDGE'] },
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
    tags: api.tags,
  };
}

export function methodOutput(method: RestMethod): Method {
  const integration = method.integration;
  return {
    httpMethod: method.httpMethod,
    authorizationType: method.authorizationType,
    authorizerId: method.authorizerId,
    apiKeyRequired: method.apiKeyRequired,
    authorizationScopes: method.authorizationScopes.length > 0 ? method.authorizationScopes : undefined,
    methodResponses: Object.fromEntries(method.methodResponses.map((response) => [response.statusCode, { statusCode: response.statusCode, responseParameters: response.responseParameters }])),
    methodIntegration: integration && {
      type: integration.type,
      httpMethod: integration.httpMethod,
      uri: integration.uri,
      requestTemplates: integration.requestTemplates,
      passthroughBehavior: integration.passthroughBehavior,
      timeoutInMillis: integration.timeoutMs,
      cacheNamespace: undefined,
      integrationResponses: Object.fromEntries(
        integration.integrationResponses.map((response) => [
          response.statusCode,
          { statusCode: response.statusCode, selectionPattern: response.selectionPatternSource, responseParameters: response.responseParameters, responseTemplates: response.responseTemplates },
        ]),
      ),
    },
  };
}

export function resourceOutput(resource: RestResource, embedMethods: boolean): Resource {
  const methods = [...resource.methods.entries()];
  return {
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.parentId ? resource.pathPart : undefined,
    path: resource.path,
    resourceMethods: methods.length > 0 ? Object.fromEntries(methods.map(([name, method]) => [name, embedMethods ? methodOutput(method) : {}])) : undefined,
  };
}

export function stageOutput(stage: RestStage, api: RestApiModel): Stage {
  return {
    stageName: stage.name,
    deploymentId: stage.deploymentId,
    variables: Object.keys(stage.variables).length > 0 ? stage.variables : undefined,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    tracingEnabled: false,
    methodSettings: stage.throttle ? { '*/*': { throttlingBurstLimit: stage.throttle.burstLimit, throttlingRateLimit: stage.throttle.rateLimit } } : {},
    createdDate: api.createdDate,
    lastUpdatedDate: api.createdDate,
  };
}

export function authorizerOutput(authorizer: RestAuthorizer): Authorizer {
  return {
    id: authorizer.id,
    name: authorizer.name,
    type: authorizer.type,
    providerARNs: authorizer.providerArns.length > 0 ? authorizer.providerArns : undefined,
    authorizerUri: authorizer.uri,
    authorizerCredentials: authorizer.credentialsArn,
    identitySource: authorizer.identitySource.join(', '),
    identityValidationExpression: authorizer.identityValidationSource,
    authorizerResultTtlInSeconds: authorizer.ttlSeconds,
  };
}

export function apiKeyOutput(key: ApiKey, includeValue: boolean, models: ApiGatewayModels): ApiKeyOutput {
  const stageKeys = [...models.usagePlans.plans.values()].filter((plan) => plan.keyIds.has(key.id)).flatMap((plan) => plan.apiStages.map((s) => `${s.apiId}/${s.stage}`));
  return { id: key.id, name: key.name, description: key.description, enabled: key.enabled, value: includeValue ? key.value : undefined, createdDate: key.createdDate, lastUpdatedDate: key.createdDate, stageKeys };
}

export function usagePlanOutput(plan: UsagePlan): UsagePlanOutput {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description,
    apiStages: plan.apiStages.map((s) => ({
      apiId: s.apiId,
      stage: s.stage,
      throttle: s.throttle.size > 0 ? Object.fromEntries([...s.throttle].map(([path, t]) => [path, { burstLimit: t.burstLimit, rateLimit: t.rateLimit }])) : undefined,
    })),
    throttle: plan.throttle && { burstLimit: plan.throttle.burstLimit, rateLimit: plan.throttle.rateLimit },
    quota: plan.quota,
  };
}

/** The REST API a path names, or NotFoundException as API Gateway words it. */
export function restApiOf(models: ApiGatewayModels, id: string): RestApiModel {
  const api = models.restApis.find((candidate) => candidate.id === id);
  if (!api) throw ManagementError.notFound(`Invalid API identifier specified ${LOCAL_ACCOUNT.accountId}:${id}`);
  return api;
}
