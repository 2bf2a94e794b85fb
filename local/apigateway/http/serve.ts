/**
 * An HTTP API request, start to end: stage → CORS preflight → route → body (10 MB) →
 * throttling → authorization → Lambda integration (payload 2.0 or 1.0) → the function's answer,
 * with the API's CORS headers. Every refusal is API Gateway's own `{"message": …}` answer, and
 * its reason goes to the log.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Logger } from '../../reporter';
import type { ServiceRegistry } from '../../service';
import { HttpApiError } from '../errors';
import { executeApiArn } from '../model';
import type { FunctionCaller } from '../invoke/call-function';
import type { Invocation } from '../invoke/request';
import { sendAnswer } from '../invoke/respond';
import { TokenBuckets } from '../invoke/throttle';
import { HttpAuthorizers, routeArn } from './authorizers';
import { isPreflight, preflightHeaders, withCorsHeaders } from './cors';
import { httpEventV1, httpEventV2 } from './events';
import type { HttpApiModel } from './model';
import { httpApiAnswer } from './responses';
import { matchRoute, pathSegments, selectStage } from './router';

export interface HttpApiGatewayOptions {
  services: ServiceRegistry;
  caller: FunctionCaller;
  log: Logger;
}

/** An HTTP API's request id (`apigw-requestid`): 16 characters of base64, as API Gateway's look. */
function httpRequestId(): string {
  return randomBytes(10).toString('base64').slice(0, 15) + '=';
}

/**
 * Serves the HTTP APIs of one local cloud.
 * @example
 * await gateway.serve(api, invocation, response);
 */
export class HttpApiGateway {
  private readonly authorizers: HttpAuthorizers;
  private readonly buckets = new TokenBuckets();

  constructor(private readonly options: HttpApiGatewayOptions) {
    this.authorizers = new HttpAuthorizers(options);
  }

  async serve(api: HttpApiModel, invocation: Invocation, response: ServerResponse): Promise<void> {
    const requestId = httpRequestId();
    const log = this.options.log.withRequest(invocation.requestId);
    response.setHeader('apigw-requestid', requestId);
    try {
      await this.handle(api, invocation, response, requestId);
    } catch (error) {
      if (!(error instanceof HttpApiError)) throw error;
      const line = `${api.name} ${invocation.method} ${invocation.address.rawPath} → ${error.statusCode} ${error.message}${error.logDetail ? `: ${error.logDetail}` : ''}`;
      if (error.statusCode >= 500) log.error(line);
      else log.debug(line);
      const headers = withCorsHeaders([['content-type', 'application/json']], invocation, api.cors);
      sendAnswer(response, error.statusCode, headers, error.body());
    }
  }

  private async handle(api: HttpApiModel, invocation: Invocation, response: ServerResponse, requestId: string): Promise<void> {
    if (api.disableExecuteApiEndpoint) throw new HttpApiError(404, 'the API disables its execute-api endpoint');
    const selected = selectStage(api, invocation.address.rawPath);
    if (!selected) throw new HttpApiError(404, 'no stage matches the path, and the API has no $default stage');
    if (isPreflight(invocation, api.cors)) {
      sendAnswer(response, 204, preflightHeaders(invocation, api.cors), '');
      return;
    }
    const segments = pathSegments(selected.rawPath);
    const match = segments && matchRoute(api, invocation.method, segments);
    if (!match) throw new HttpApiError(404, `no route matches ${invocation.method} ${selected.rawPath}`);
    const body = await invocation.body();
    if (!body) throw new HttpApiError(413, 'the body is larger than 10 MB');
    const throttle = selected.stage.routeThrottles.get(match.route.routeKey) ?? selected.stage.defaultThrottle;
    if (throttle && !this.buckets.take(`${api.id}/${selected.stage.name}/${match.route.routeKey}`, throttle)) {
      throw new HttpApiError(429, `route ${match.route.routeKey} is over its throttling limit`);
    }
    const input = { invocation, api, stage: selected.stage, match, body };
    const arn = routeArn(input, selected.rawPath);
    const authorization = await this.authorizers.authorize(input, arn);

    const integration = match.route.integrationId ? api.integrations.get(match.route.integrationId) : undefined;
    if (!integration) throw new HttpApiError(500, `route ${match.route.routeKey} has no integration`);
    if (integration.notRunnable || !integration.functionArn) throw new HttpApiError(500, integration.notRunnable ?? 'the integration names no function');
    const eventInput = { ...input, authorization, requestId };
    const event = integration.payloadFormatVersion === '1.0' ? httpEventV1(eventInput) : httpEventV2(eventInput);
    const outcome = await this.options.caller.call({
      functionArn: integration.functionArn,
      event,
      sourceArns: [arn, executeApiArn(api.id, `${selected.stage.name}/${invocation.method}${match.route.path ?? ''}`), executeApiArn(api.id, `${selected.stage.name}/${match.route.routeKey}`)],
      credentialsArn: integration.credentialsArn,
      timeoutMs: integration.timeoutMs,
      traceId: invocation.traceId,
      source: `apigateway ${api.name} ${match.route.routeKey}`,
    });
    if (!outcome.ok) {
      if (outcome.failure === 'timeout') throw new HttpApiError(503, outcome.detail);
      if (outcome.failure === 'throttled') throw new HttpApiError(429, outcome.detail);
      if (outcome.failure === 'too-large') throw new HttpApiError(413, outcome.detail);
      throw new HttpApiError(500, outcome.detail);
    }
    const answer = httpApiAnswer(outcome.payload, integration.payloadFormatVersion);
    if (!answer.headers.some(([name]) => name.toLowerCase() === 'content-type')) answer.headers.push(['content-type', 'application/json']);
    sendAnswer(response, answer.statusCode, withCorsHeaders(answer.headers, invocation, api.cors), answer.body);
  }
}
