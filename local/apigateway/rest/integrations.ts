/**
 * A REST API method's integration: Lambda proxy (the proxy event in, the function's
 * `{ statusCode, headers, multiValueHeaders, body, isBase64Encoded }` out) or MOCK (the request
 * template's `statusCode` selects an integration response, whose parameters and template make
 * the method response), with binary media types applied as "Content type conversions in API
 * Gateway" describes for proxy responses.
 */
import { TemplateRuntimeError } from '../../appsync/runtime/types';
import { RestGatewayError } from '../errors';
import { executeApiArn } from '../model';
import type { FunctionCaller } from '../invoke/call-function';
import { matchesMediaType, mediaType } from '../invoke/payload';
import { responseBody, responseHeaders, type GatewayAnswer } from '../http/responses';
import { methodArn } from './authorizers';
import { requestContext, requestMediaType, restProxyEvent, type RestRequest } from './events';
import type { IntegrationResponse, RestIntegration } from './model';
import { mockStatusCode, type MappingTemplates, type TemplateInput } from './templates';

export interface IntegrationDeps {
  caller: FunctionCaller;
  templates: MappingTemplates;
}

/** Calls the method's integration and returns the method response. Throws the gateway response when it cannot. */
export async function callIntegration(request: RestRequest, deps: IntegrationDeps): Promise<GatewayAnswer> {
  const integration = request.method.integration;
  if (!integration) throw RestGatewayError.of('API_CONFIGURATION_ERROR', `${request.invocation.method} ${request.match.resource.path} has no integration`);
  if (integration.notRunnable) throw RestGatewayError.of('API_CONFIGURATION_ERROR', integration.notRunnable);
  if (integration.type === 'AWS_PROXY') return lambdaProxy(request, integration, deps.caller);
  if (integration.type === 'MOCK') return mock(request, integration, deps.templates);
  throw RestGatewayError.of('API_CONFIGURATION_ERROR', `${integration.type} integrations are not run locally`);
}

async function lambdaProxy(request: RestRequest, integration: RestIntegration, caller: FunctionCaller): Promise<GatewayAnswer> {
  const { api, stage, invocation, match } = request;
  const outcome = await caller.call({
    functionArn: integration.functionArn!,
    event: restProxyEvent(request),
    sourceArns: [methodArn(request), executeApiArn(api.id, `${stage.name}/${invocation.method}${match.resource.path}`)],
    credentialsArn: integration.credentialsArn,
    timeoutMs: integration.timeoutMs,
    traceId: invocation.traceId,
    source: `apigateway ${api.name} ${invocation.method} ${match.resource.path}`,
  });
  if (!outcome.ok) {
    if (outcome.failure === 'timeout') throw RestGatewayError.of('INTEGRATION_TIMEOUT', outcome.detail);
    if (outcome.failure === 'failed') throw RestGatewayError.of('INTEGRATION_FAILURE', `the function failed: ${outcome.detail}`);
    if (outcome.failure === 'too-large') throw RestGatewayError.of('REQUEST_TOO_LARGE', outcome.detail);
    throw RestGatewayError.of('API_CONFIGURATION_ERROR', `Execution failed due to configuration error: ${outcome.detail}`);
  }
  return proxyAnswer(request, outcome.payload);
}

/** The method response for a proxy integration's answer; a malformed one is API Gateway's 502. */
export function proxyAnswer(request: Pick<RestRequest, 'invocation' | 'api'>, payload: unknown): GatewayAnswer {
  const malformed = (why: string) => RestGatewayError.of('INTEGRATION_FAILURE', `Malformed Lambda proxy response: ${why}`);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw malformed(`the function returned ${JSON.stringify(payload)?.slice(0, 200)}`);
  const response = payload as Record<string, unknown>;
  const status = typeof response.statusCode === 'string' && /^\d+$/.test(response.statusCode) ? Number(response.statusCode) : response.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw malformed(`statusCode ${JSON.stringify(response.statusCode)} is not an HTTP status`);
  const headers = responseHeaders(response, true);
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  // A base64 body is decoded for a client that accepts a binary media type (the first Accept type decides).
  const accept = mediaType(request.invocation.header('accept'));
  const binary = response.isBase64Encoded === true && accept !== undefined && matchesMediaType(accept, request.api.binaryMediaTypes);
  const body = responseBody({ ...response, isBase64Encoded: binary });
  if (!body) throw malformed('body is not a string');
  return { statusCode: status, headers, body };
}

/** Picks the integration response for a status (MOCK, HTTP) or an error message (Lambda): a matching pattern, else the default. */
export function selectIntegrationResponse(responses: readonly IntegrationResponse[], selector: string): IntegrationResponse | undefined {
  return responses.find((response) => response.selectionPattern?.test(selector)) ?? responses.find((response) => response.selectionPattern === undefined);
}

/** The template for a content type: that type's, else `application/json`'s, else the only one. */
function templateFor(templates: Record<string, string>, contentType: string): { type: string; text: string } | undefined {
  const keys = Object.keys(templates);
  const type = keys.find((key) => key.toLowerCase() === contentType) ?? keys.find((key) => key.toLowerCase() === 'application/json');
  return type !== undefined ? { type, text: templates[type] } : undefined;
}

function templateInput(request: RestRequest, body: string, context: Record<string, unknown>): TemplateInput {
  const header: Record<string, string> = {};
  for (const [name, value] of request.invocation.headerPairs) header[name] = value;
  const querystring: Record<string, string> = {};
  for (const [name, value] of request.invocation.query) querystring[name] = value;
  return { body, params: { path: request.match.pathParameters, querystring, header }, context, stageVariables: request.stage.variables };
}

/** `$context` for mapping templates, with the overrides a template may set. */
export function templateContext(request: RestRequest): Record<string, unknown> {
  return {
    ...requestContext(request),
    stageVariables: request.stage.variables,
    requestOverride: { header: {}, path: {}, querystring: {} },
    responseOverride: { header: {} },
  };
}

function render(templates: MappingTemplates, text: string, input: TemplateInput, location: string): string {
  try {
    return templates.render(text, input, location);
  } catch (error) {
    if (error instanceof TemplateRuntimeError) throw RestGatewayError.of('API_CONFIGURATION_ERROR', `mapping template ${location}: ${error.message}`);
    throw error;
  }
}

/** A response parameter's value: `'literal'`, `context.x`, `stageVariables.x` (an integration response header or body, for MOCK, is empty). */
function parameterValue(source: string, request: RestRequest, context: Record<string, unknown>): string | undefined {
  const literal = /^'(.*)'$/s.exec(source);
  if (literal) return literal[1];
  const [scope, ...rest] = source.split('.');
  const name = rest.join('.');
  if (scope === 'stageVariables') return request.stage.variables[name];
  if (scope === 'context') {
    const value = name.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), context);
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

async function mock(request: RestRequest, integration: RestIntegration, templates: MappingTemplates): Promise<GatewayAnswer> {
  const location = `${request.invocation.method} ${request.match.resource.path}`;
  const contentType = requestMediaType(request.invocation);
  const requestTemplate = templateFor(integration.requestTemplates, contentType);
  const hasTemplates = Object.keys(integration.requestTemplates).length > 0;
  if (!requestTemplate && (integration.passthroughBehavior === 'NEVER' || (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && hasTemplates))) {
    throw RestGatewayError.of('UNSUPPORTED_MEDIA_TYPE', `no request template for ${contentType} and passthrough is ${integration.passthroughBehavior}`);
  }
  const requestContextMap = templateContext(request);
  const body = request.body.toString('utf8');
  const rendered = requestTemplate ? render(templates, requestTemplate.text, templateInput(request, body, requestContextMap), `${location} (request)`) : body;
  const status = mockStatusCode(rendered) ?? 200;

  const selected = selectIntegrationResponse(integration.integrationResponses, String(status));
  if (!selected) throw RestGatewayError.of('API_CONFIGURATION_ERROR', `no integration response of ${location} matches status ${status}, and none is the default`);
  const context = templateContext(request);
  const accept = mediaType(request.invocation.header('accept')) ?? 'application/json';
  const responseTemplate = templateFor(selected.responseTemplates, accept);
  const responseBody = responseTemplate ? render(templates, responseTemplate.text, templateInput(request, '', context), `${location} (response)`) : '';
  const headers: [string, string][] = [['Content-Type', responseTemplate?.type ?? 'application/json']];
  for (const [target, source] of Object.entries(selected.responseParameters)) {
    const header = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
    const value = header ? parameterValue(source, request, context) : undefined;
    if (header && value !== undefined) headers.push([header, value]);
  }
  const override = context.responseOverride as { status?: unknown; header: Record<string, unknown> };
  for (const [name, value] of Object.entries(override.header)) {
    if (value === null || value === undefined) continue;
    const index = headers.findIndex(([existing]) => existing.toLowerCase() === name.toLowerCase());
    if (index >= 0) headers.splice(index, 1);
    headers.push([name, String(value)]);
  }
  const statusCode = override.status !== undefined && override.status !== null ? Number(override.status) : Number(selected.statusCode);
  return { statusCode, headers, body: Buffer.from(responseBody, 'utf8') };
}
