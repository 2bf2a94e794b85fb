/**
 * A REST API request, start to end: stage → resource and method → body (10 MB) → stage
 * throttling → authorization → API key and usage plan → integration → method response. What API
 * Gateway refuses is its gateway response (customizable per API), with the reason in the log.
 */
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../reporter';
import type { ServiceRegistry } from '../../service';
import { tracingOf } from '../../tracing';
import { RestGatewayError } from '../errors';
import type { FunctionCaller } from '../invoke/call-function';
import { PAYLOAD_LIMIT, type Invocation } from '../invoke/request';
import { sendAnswer } from '../invoke/respond';
import { TokenBuckets } from '../invoke/throttle';
import { RestAuthorizers } from './authorizers';
import { requestContext, type RestRequest } from './events';
import { gatewayAnswer } from './gateway-responses';
import { callIntegration } from './integrations';
import type { RestApiModel, RestStage } from './model';
import { matchResource, methodOf, selectRestStage } from './router';
import { StageTrace } from './stage-trace';
import { MappingTemplates } from './templates';
import type { UsagePlans } from './usage-plans';

/** What one request has learnt by the time it is answered (a refusal is answered from it). */
interface RequestScope {
  context: Record<string, unknown>;
  stage?: RestStage;
  trace?: StageTrace;
}

export interface RestApiGatewayOptions {
  services: ServiceRegistry;
  caller: FunctionCaller;
  usagePlans: UsagePlans;
  log: Logger;
}

/** API Gateway's own id of a request (`x-amz-apigw-id`). */
function apigwId(): string {
  return randomBytes(12).toString('base64').slice(0, 15) + '=';
}

/**
 * Serves the REST APIs of one local cloud.
 * @example
 * await gateway.serve(api, invocation, response);
 */
export class RestApiGateway {
  private readonly authorizers: RestAuthorizers;
  private readonly templates = new MappingTemplates();
  private readonly buckets = new TokenBuckets();

  constructor(private readonly options: RestApiGatewayOptions) {
    this.authorizers = new RestAuthorizers(options);
  }

  async serve(api: RestApiModel, invocation: Invocation, response: ServerResponse): Promise<void> {
    response.setHeader('x-amz-apigw-id', apigwId());
    response.setHeader('X-Amzn-Trace-Id', invocation.traceId);
    const scope: RequestScope = { context: {}, stage: undefined };
    try {
      await this.handle(api, invocation, response, scope);
    } catch (error) {
      if (!(error instanceof RestGatewayError)) {
        scope.trace?.end(500);
        throw error;
      }
      const log = this.options.log.withRequest(invocation.requestId);
      const line = `${api.name} ${invocation.method} ${invocation.address.rawPath} → ${error.statusCode} ${error.type}${error.options.logDetail ? `: ${error.options.logDetail}` : ''}`;
      const answer = gatewayAnswer(error, { api, invocation, context: scope.context, stageVariables: scope.stage?.variables ?? {} }, this.templates);
      if (answer.statusCode >= 500) log.error(line);
      else log.debug(line);
      sendAnswer(response, answer.statusCode, answer.headers, answer.body);
    }
    scope.trace?.end(response.statusCode);
  }

  private async handle(api: RestApiModel, invocation: Invocation, response: ServerResponse, scope: RequestScope): Promise<void> {
    if (api.disableExecuteApiEndpoint) throw RestGatewayError.of('FORBIDDEN', 'the API disables its execute-api endpoint');
    const selected = selectRestStage(api, invocation.address.rawPath);
    if (!selected) throw RestGatewayError.of('FORBIDDEN', `the API has no stage named by ${invocation.address.rawPath}`);
    const { stage, rawPath } = selected;
    scope.stage = stage;
    scope.trace = StageTrace.begin(api, stage, invocation, tracingOf(this.options.services));
    const match = matchResource(api, rawPath);
    const method = match && methodOf(match.resource, invocation.method);
    if (!match || !method) throw RestGatewayError.of('MISSING_AUTHENTICATION_TOKEN', `no resource and method of the API answer ${invocation.method} ${rawPath}`);
    scope.context = requestContext({ invocation, api, stage, match, rawPath, authorization: { kind: 'none' } });

    const body = await invocation.body();
    if (!body) {
      // Refused at the front door: this answer is plain text, and no gateway response changes it.
      sendAnswer(response, 413, [['Content-Type', 'text; charset=utf-8']], `HTTP content length exceeded ${PAYLOAD_LIMIT} bytes.`);
      return;
    }
    const throttle = stage.methodThrottles.get(`${invocation.method} ${match.resource.path}`) ?? stage.throttle;
    if (throttle && !this.buckets.take(`${api.id}/${stage.name}/${invocation.method} ${match.resource.path}`, throttle)) {
      throw RestGatewayError.of('THROTTLED', `stage ${stage.name} is over its throttling limit`);
    }
    const input = { invocation, api, stage, match, method, rawPath, body };
    const { authorization, usageIdentifierKey } = await this.authorizers.authorize(input);
    const request: RestRequest = { ...input, authorization };
    scope.context = requestContext(request);
    if (method.apiKeyRequired) {
      const keyValue = api.apiKeySource === 'AUTHORIZER' ? usageIdentifierKey : invocation.header('x-api-key');
      const key = await this.options.usagePlans.admit({ apiId: api.id, stage: stage.name, method: invocation.method, resourcePath: match.resource.path, keyValue });
      request.apiKey = { value: key.value, id: key.id };
    }
    const answer = await callIntegration(request, { caller: this.options.caller, templates: this.templates });
    sendAnswer(response, answer.statusCode, answer.headers, answer.body);
  }
}
