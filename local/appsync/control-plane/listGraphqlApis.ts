import { LOCAL_ACCOUNT } from '../../assembly';
import type { AuthProvider } from '../api/config';
import type { ControlPlaneOperation } from './index';

/** `GET /v1/apis`: every GraphQL API with its auth providers and URLs (one page: an assembly has few). */
export const listGraphqlApis: ControlPlaneOperation = (plane) => ({
  name: 'ListGraphqlApis',
  method: 'GET',
  path: /^\/v1\/apis\/?$/,
  handle(call) {
    plane.authorize(call, 'appsync:ListGraphqlApis', `arn:aws:appsync:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:apis/*`);
    const realtime = plane.endpoint.replace(/^http/, 'ws');
    return {
      graphqlApis: plane.apis().map(({ model, path }) => ({
        apiId: model.apiId,
        name: model.name,
        arn: model.arn,
        apiType: 'GRAPHQL',
        visibility: 'GLOBAL',
        xrayEnabled: false,
        uris: { GRAPHQL: `${plane.endpoint}${path}`, REALTIME: `${realtime}${path}/realtime` },
        ...providerFields(model.defaultAuth, true),
        additionalAuthenticationProviders: model.additionalAuth.map((provider) => providerFields(provider, false)),
      })),
    };
  },
});

/** A provider in the API's wire shape (the default one carries `defaultAction`). */
function providerFields(provider: AuthProvider, isDefault: boolean): Record<string, unknown> {
  const pool = provider.userPool;
  return {
    authenticationType: provider.type,
    ...(pool && {
      userPoolConfig: {
        userPoolId: pool.userPoolId,
        awsRegion: LOCAL_ACCOUNT.region,
        ...(pool.appIdClientRegex !== undefined && { appIdClientRegex: pool.appIdClientRegex }),
        ...(isDefault && { defaultAction: pool.defaultAction }),
      },
    }),
    ...(provider.openIDConnect && {
      openIDConnectConfig: {
        issuer: provider.openIDConnect.issuer,
        ...(provider.openIDConnect.clientId !== undefined && { clientId: provider.openIDConnect.clientId }),
        iatTTL: provider.openIDConnect.iatTTL,
        authTTL: provider.openIDConnect.authTTL,
      },
    }),
    ...(provider.lambda && {
      lambdaAuthorizerConfig: {
        authorizerUri: provider.lambda.functionArn,
        authorizerResultTtlInSeconds: provider.lambda.ttlSeconds,
        ...(provider.lambda.identityValidationExpression !== undefined && { identityValidationExpression: provider.lambda.identityValidationExpression }),
      },
    }),
  };
}
