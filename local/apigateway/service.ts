import type { EdgeRoute } from '../edge';
import type { LocalService, ServiceContext } from '../service';
import { HttpApiError } from './errors';
import { loadHttpApis, type HttpApiModel } from './http/model';
import { HttpApiGateway } from './http/serve';
import { LambdaFunctionCaller } from './invoke/call-function';
import { LambdaPermissions } from './invoke/lambda-permissions';
import { EXECUTE_API_PREFIX, Invocation, invocationAddress } from './invoke/request';
import { sendAnswer } from './invoke/respond';
import type { ApiGatewayModels } from './management/context';
import { managementRoute } from './management/route';
import { loadRestApis, type RestApiModel } from './rest/model';
import { RestApiGateway } from './rest/serve';
import { UsagePlans } from './rest/usage-plans';

/**
 * The resource types the local API Gateway runs (or consumes: a deployment is what the stage
 * serves, the account's CloudWatch role has nothing to run locally).
 */
const RESOURCE_TYPES = [
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Deployment',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGateway::UsagePlanKey',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::Account',
] as const;

/**
 * The local API Gateway: the assembly's HTTP APIs (v2) and REST APIs (v1) served on the edge
 * (path style `/_aws/execute-api/<apiId>/<stage>/…`, or host style `<apiId>.execute-api.localhost`),
 * their integrations run through the local Lambda service, and the management API's read
 * operations (GetRestApis, GetApis…) under IAM.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createLambdaService(), apiGatewayService()] });
 */
export class ApiGatewayService implements LocalService {
  readonly name = 'apigateway';
  readonly resourceTypes = RESOURCE_TYPES;
  private models?: ApiGatewayModels;
  private permissions?: LambdaPermissions;

  async start(context: ServiceContext): Promise<void> {
    const httpApis = loadHttpApis(context.assembly, context.log);
    const restApis = loadRestApis(context.assembly, context.log);
    const usagePlans = await UsagePlans.load(context.assembly, context.state, context.log);
    this.models = { httpApis, restApis, usagePlans };
    context.edge.addRoute(managementRoute(this.models, context));
    if (httpApis.length === 0 && restApis.length === 0) return;
    this.permissions = LambdaPermissions.fromAssembly(context.assembly, context.log);
    const caller = new LambdaFunctionCaller(context.services, this.permissions);
    const http = new HttpApiGateway({ services: context.services, caller, log: context.log });
    const rest = new RestApiGateway({ services: context.services, caller, usagePlans, log: context.log });
    const httpById = new Map(httpApis.map((api) => [api.id, api]));
    const restById = new Map(restApis.map((api) => [api.id, api]));
    context.edge.addRoute(this.invocationRoute(httpById, restById, http, rest));
  }

  private invocationRoute(httpById: Map<string, HttpApiModel>, restById: Map<string, RestApiModel>, http: HttpApiGateway, rest: RestApiGateway): EdgeRoute {
    return {
      name: 'apigateway (execute-api)',
      // API Gateway answers CORS itself: an HTTP API from its configuration, a REST API through its own OPTIONS methods.
      cors: 'self',
      match: (request) => invocationAddress(request) !== undefined,
      handle: async (request, response) => {
        const invocation = new Invocation(request, invocationAddress(request)!);
        const httpApi = httpById.get(invocation.address.apiId);
        if (httpApi) return http.serve(httpApi, invocation, response);
        const restApi = restById.get(invocation.address.apiId);
        if (restApi) return rest.serve(restApi, invocation, response);
        const error = new HttpApiError(404);
        request.log.debug(`no API ${invocation.address.apiId} in this local cloud`);
        sendAnswer(response, 404, [['content-type', 'application/json']], error.body());
      },
    };
  }

  async stop(): Promise<void> {}

  summary(): string {
    if (!this.models) return 'not started';
    const { httpApis, restApis } = this.models;
    if (httpApis.length === 0 && restApis.length === 0) return 'no APIs in the assembly';
    const http = httpApis.map((api) => `${api.name} (HTTP, ${api.routes.length} routes, stages ${[...api.stages.keys()].join(', ')})`);
    const rest = restApis.map((api) => `${api.name} (REST, ${api.resources.size} resources, stages ${[...api.stages.keys()].join(', ') || 'none'})`);
    return `${[...http, ...rest].join('; ')} at ${EXECUTE_API_PREFIX}<apiId>/<stage>/ (or <apiId>.execute-api.localhost); Lambda permissions for API Gateway checked (${this.permissions?.size ?? 0}); not run: WebSocket APIs, HTTP and AWS-service integrations, custom domains, request validation, caching`;
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [...defaultServices()] });
 */
export function apiGatewayService(): ApiGatewayService {
  return new ApiGatewayService();
}
