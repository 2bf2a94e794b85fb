/**
 * What both API generations share in the model the service builds from the assembly: names,
 * ARNs and the function behind an integration or an authorizer.
 */
import { LOCAL_ACCOUNT } from '../assembly/template';

const { accountId: ACCOUNT, region: REGION } = LOCAL_ACCOUNT;

/** The execute-api ARN of a method, route or authorizer: `arn:aws:execute-api:<region>:<account>:<apiId>/<rest>`. */
export function executeApiArn(apiId: string, rest: string): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/${rest}`;
}

/** The host an API answers on AWS (what clients sign for, and what the outputs name). */
export function executeApiHost(apiId: string): string {
  return `${apiId}.execute-api.${REGION}.amazonaws.com`;
}

/**
 * The Lambda function an integration or authorizer URI names: API Gateway's
 * `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`,
 * or (HTTP APIs) the function ARN itself. Undefined for anything else.
 * @example
 * lambdaFunctionOfUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations');
 * // 'arn:aws:lambda:us-east-1:000000000000:function:f'
 */
export function lambdaFunctionOfUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const path = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri);
  if (path) return path[1];
  return /^arn:[^:]+:lambda:/.test(uri) ? uri : undefined;
}

/** A property that must be a string map (stage variables, templates, parameters). */
export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

/** Throttling as stages, routes and usage plans state it: requests per second and bucket size. */
export interface ThrottleSettings {
  rateLimit: number;
  burstLimit: number;
}
