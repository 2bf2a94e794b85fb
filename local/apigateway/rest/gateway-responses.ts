/**
 * A REST API's gateway responses: API Gateway's own answers (`{"message": …}` with its status
 * and `x-amzn-ErrorType`), customized by the API's `AWS::ApiGateway::GatewayResponse`s for the
 * type (or `DEFAULT_4XX` / `DEFAULT_5XX`): status, `gatewayresponse.header.*` parameters and a
 * body template that reads `$context.error.message`, `messageString` and `responseType`
 * ("Set up gateway responses to customize error responses").
 */
import { TemplateRuntimeError } from '../../appsync/runtime/types';
import { defaultFamily, type RestGatewayError } from '../errors';
import type { GatewayAnswer } from '../http/responses';
import type { Invocation } from '../invoke/request';
import type { RestApiModel } from './model';
import type { MappingTemplates } from './templates';

export interface GatewayResponseScope {
  api: RestApiModel;
  invocation: Invocation;
  /** `$context` of the request as far as it got (empty before a stage was found). */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

/** A `gatewayresponse.header.X` source: `'literal'`, `method.request.header.Y`, `method.request.querystring.Y`, `stageVariables.Y`, `context.Y`. */
function sourceValue(source: string, scope: GatewayResponseScope): string | undefined {
  const literal = /^'(.*)'$/s.exec(source);
  if (literal) return literal[1];
  const header = /^method\.request\.header\.(.+)$/.exec(source)?.[1];
  if (header) return scope.invocation.header(header);
  const query = /^method\.request\.querystring\.(.+)$/.exec(source)?.[1];
  if (query) return scope.invocation.query.get(query) ?? undefined;
  const variable = /^stageVariables\.(.+)$/.exec(source)?.[1];
  if (variable) return scope.stageVariables[variable];
  const context = /^context\.(.+)$/.exec(source)?.[1];
  if (context) {
    const value = context.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), scope.context);
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

/**
 * The answer for a gateway error, as the API's gateway responses shape it.
 * @example
 * const answer = gatewayAnswer(RestGatewayError.of('UNAUTHORIZED'), scope, templates);
 */
export function gatewayAnswer(error: RestGatewayError, scope: GatewayResponseScope, templates: MappingTemplates): GatewayAnswer {
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['x-amzn-ErrorType', error.errorType],
  ];
  const custom = scope.api.gatewayResponses.get(error.type) ?? scope.api.gatewayResponses.get(defaultFamily(error.type));
  if (!custom) return { statusCode: error.statusCode, headers, body: Buffer.from(error.body(), 'utf8') };

  for (const [target, source] of Object.entries(custom.responseParameters)) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1];
    const value = name ? sourceValue(source, scope) : undefined;
    if (name && value !== undefined) headers.push([name, value]);
  }
  const template = custom.responseTemplates['application/json'] ?? Object.values(custom.responseTemplates)[0];
  let body = error.body();
  if (template !== undefined) {
    const message = error.gatewayMessage;
    const context = {
      ...scope.context,
      error: { message, messageString: JSON.stringify(message), responseType: error.type, validationErrorString: '' },
    };
    try {
      body = templates.render(template, { body: '', params: { path: {}, querystring: {}, header: {} }, context, stageVariables: scope.stageVariables }, `gateway response ${error.type}`);
    } catch (failure) {
      if (!(failure instanceof TemplateRuntimeError)) throw failure;
      // A broken template of the user's: keep AWS's default body, and say why in the log.
      error.options.logDetail = `${error.options.logDetail ?? ''} (gateway response template failed: ${failure.message})`;
    }
  }
  return { statusCode: custom.statusCode ?? error.statusCode, headers, body: Buffer.from(body, 'utf8') };
}
