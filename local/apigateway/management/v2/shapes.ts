/**
 * How the HTTP APIs the local cloud runs look in the `apigatewayv2` management API. The wire
 * names are camelCase (the SDK's types are PascalCase), and dates go out as ISO 8601.
 */
import { LOCAL_ACCOUNT } from '../../../assembly/template';
import { ManagementError } from '../../errors';
import type { HttpApiModel, HttpAuthorizer, HttpIntegration, HttpRoute, HttpStage } from '../../http/model';
import type { ApiGatewayModels } from '../context';

export function apiOutput(api: HttpApiModel): Record<string, unknown> {
  return {
    apiId: api.id,
    name: api.name,
    protocolType: 'HTTP',
    apiEndpoint: `https://${api.id}.execute-api.${LOCAL_ACCOUNT.region}.amazonaws.com`,
    routeSelectionExpression: '$request.method $request.path',
    apiKeySelectionExpression: '$request.header.x-api-key',
    corsConfiguration: api.cors && {
      allowOrigins: api.cors.allowOrigins,
      allowMethods: api.cors.allowMethods,
      allowHeaders: api.cors.allowHeaders,
      exposeHeaders: api.cors.exposeHeaders,
      allowCredentials: api.cors.allowCredentials,
      maxAge: api.cors.maxAge,
    },
    createdDate: api.createdDate,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    tags: api.tags,
  };
}

export function routeOutput(route: HttpRoute): Record<string, unknown> {
  return {
    routeId: route.id,
    routeKey: route.routeKey,
    apiKeyRequired: false,
    authorizationType: route.authorizationType,
    authorizerId: route.authorizerId,
    authorizationScopes: route.authorizationScopes.length > 0 ? route.authorizationScopes : undefined,
    target: route.integrationId && `integrations/${route.integrationId}`,
  };
}

export function stageOutput(stage: HttpStage, api: HttpApiModel): Record<string, unknown> {
  const throttle = (t: HttpStage['defaultThrottle']) => t && { throttlingBurstLimit: t.burstLimit, throttlingRateLimit: t.rateLimit };
  return {
    stageName: stage.name,
    autoDeploy: stage.autoDeploy,
    stageVariables: Object.keys(stage.variables).length > 0 ? stage.variables : undefined,
    defaultRouteSettings: throttle(stage.defaultThrottle) ?? {},
    routeSettings: Object.fromEntries([...stage.routeThrottles].map(([key, value]) => [key, throttle(value)])),
    createdDate: api.createdDate,
    lastUpdatedDate: api.createdDate,
  };
}

export function integrationOutput(integration: HttpIntegration): Record<string, unknown> {
  return {
    integrationId: integration.id,
    integrationType: integration.type,
    integrationSubtype: integration.subtype,
    integrationUri: integration.uri,
    integrationMethod: integration.type === 'AWS_PROXY' ? 'POST' : undefined,
    connectionType: 'INTERNET',
    credentialsArn: integration.credentialsArn,
    payloadFormatVersion: integration.payloadFormatVersion,
    timeoutInMillis: integration.timeoutMs,
  };
}

export function authorizerOutput(authorizer: HttpAuthorizer): Record<string, unknown> {
  return {
    authorizerId: authorizer.id,
    name: authorizer.name,
    authorizerType: authorizer.type,
    identitySource: authorizer.identitySource,
    authorizerUri: authorizer.uri,
    authorizerCredentialsArn: authorizer.credentialsArn,
    authorizerPayloadFormatVersion: authorizer.type === 'REQUEST' ? authorizer.payloadFormatVersion : undefined,
    enableSimpleResponses: authorizer.type === 'REQUEST' ? authorizer.enableSimpleResponses : undefined,
    authorizerResultTtlInSeconds: authorizer.type === 'REQUEST' ? authorizer.ttlSeconds : undefined,
    jwtConfiguration: authorizer.jwt && { audience: authorizer.jwt.audience, issuer: authorizer.jwt.issuer },
  };
}

/** The HTTP API a path names, or NotFoundException. */
export function httpApiOf(models: ApiGatewayModels, id: string): HttpApiModel {
  const api = models.httpApis.find((candidate) => candidate.id === id);
  if (!api) throw ManagementError.notFound(`Invalid API identifier specified ${id}`);
  return api;
}
