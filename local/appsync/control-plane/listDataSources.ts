import { LOCAL_ACCOUNT } from '../../assembly';
import { JsonServiceError } from '../../edge';
import type { ControlPlaneOperation } from './index';

/** `GET /v1/apis/{apiId}/datasources`: the API's data sources with their tables, functions and endpoints. */
export const listDataSources: ControlPlaneOperation = (plane) => ({
  name: 'ListDataSources',
  method: 'GET',
  path: /^\/v1\/apis\/(?<apiId>[^/]+)\/datasources\/?$/,
  handle(call) {
    const api = plane.apis().find(({ model }) => model.apiId === call.params.apiId);
    plane.authorize(call, 'appsync:ListDataSources', api?.model.arn ?? `arn:aws:appsync:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:apis/${call.params.apiId}`);
    if (!api) throw new JsonServiceError('NotFoundException', `GraphQL API ${call.params.apiId} not found.`, 404);
    return {
      dataSources: [...api.model.dataSources.values()].map((source) => ({
        dataSourceArn: `${api.model.arn}/datasources/${source.name}`,
        name: source.name,
        type: source.type,
        ...(source.serviceRoleArn && { serviceRoleArn: source.serviceRoleArn }),
        ...(source.dynamodb && {
          dynamodbConfig: { tableName: source.dynamodb.tableName, awsRegion: source.dynamodb.region ?? LOCAL_ACCOUNT.region, useCallerCredentials: false, versioned: source.dynamodb.versioned ?? false },
        }),
        ...(source.lambda && { lambdaConfig: { lambdaFunctionArn: source.lambda.functionArn } }),
        ...(source.http && { httpConfig: { endpoint: source.http.endpoint } }),
      })),
    };
  },
});
