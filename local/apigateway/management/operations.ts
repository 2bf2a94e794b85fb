import { OperationRegistry } from '../../kit';
import type { ManagementOperation } from './context';
import { getApiKeys } from './v1/getApiKeys';
import { getAuthorizers as getRestAuthorizers } from './v1/getAuthorizers';
import { getMethod } from './v1/getMethod';
import { getResource } from './v1/getResource';
import { getResources } from './v1/getResources';
import { getRestApi } from './v1/getRestApi';
import { getRestApis } from './v1/getRestApis';
import { getStage as getRestStage } from './v1/getStage';
import { getStages as getRestStages } from './v1/getStages';
import { getUsagePlans } from './v1/getUsagePlans';
import { getApi } from './v2/getApi';
import { getApis } from './v2/getApis';
import { getAuthorizer } from './v2/getAuthorizer';
import { getAuthorizers } from './v2/getAuthorizers';
import { getIntegration } from './v2/getIntegration';
import { getIntegrations } from './v2/getIntegrations';
import { getRoute } from './v2/getRoute';
import { getRoutes } from './v2/getRoutes';
import { getStage } from './v2/getStage';
import { getStages } from './v2/getStages';

/**
 * What the management APIs answer locally: the reads the AWS SDK and CLI use to list and get
 * what is deployed, each authorized as `apigateway:GET` on the resource's ARN. Every other
 * operation of either API (creating, changing and deleting APIs, exports, domain names…) is
 * answered as not implemented, naming itself: the APIs come from the assembly.
 */
export const REST_API_OPERATIONS = new OperationRegistry<ManagementOperation>({
  service: 'API Gateway',
  iamPrefix: 'apigateway',
  operations: [getRestApis, getRestApi, getResources, getResource, getMethod, getRestStages, getRestStage, getRestAuthorizers, getApiKeys, getUsagePlans],
});

export const HTTP_API_OPERATIONS = new OperationRegistry<ManagementOperation>({
  service: 'API Gateway v2',
  iamPrefix: 'apigateway',
  operations: [getApis, getApi, getRoutes, getRoute, getStages, getStage, getIntegrations, getIntegration, getAuthorizers, getAuthorizer],
});

/** Why the other management operations are not run. */
export const NOT_IMPLEMENTED_REASON = 'the local API Gateway runs the APIs of the synthesized assembly and answers the management reads (Get*) only; change backend.ts and restart';
