/**
 * A route's authorization on an HTTP API: `NONE`, `AWS_IAM` (SigV4 and the caller's
 * `execute-api:Invoke`), `JWT`, or `CUSTOM` — a Lambda authorizer with payload 2.0 (a simple
 * `isAuthorized` answer when enabled) or 1.0 (an IAM policy), its identity sources, and its
 * answers cached by identity for the authorizer's TTL ("Working with AWS Lambda authorizers for
 * HTTP APIs"). A missing identity is 401, a refusal 403, an authorizer that fails or answers
 * something else 500.
 */
import type { IamService } from '../../iam/types';
import type { Logger } from '../../reporter';
import type { ServiceRegistry } from '../../service';
import { HttpApiError } from '../errors';
import { executeApiArn } from '../model';
import { AuthorizerCache } from '../invoke/authorizer-cache';
import { policyDecision, readPolicyAnswer } from '../invoke/authorizer-policy';
import type { FunctionCaller } from '../invoke/call-function';
import { authenticateInvocation, authorizeInvoke } from '../invoke/iam-auth';
import { httpEventV1, httpEventV2, type HttpAuthorization, type HttpEventInput } from './events';
import { JwtVerifier } from './jwt-authorizer';
import type { HttpAuthorizer } from './model';

/** How long API Gateway waits for a Lambda authorizer. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

type CachedAnswer = { kind: 'simple'; context: Record<string, unknown> } | { kind: 'policy'; principalId: string; policyDocument: unknown; context: Record<string, unknown> };

export interface HttpAuthorizersOptions {
  services: ServiceRegistry;
  caller: FunctionCaller;
  log: Logger;
}

/** The route's ARN as authorizers and IAM see it: `<api>/<stage>/<METHOD>/<path below the stage>`. */
export function routeArn(input: Pick<HttpEventInput, 'api' | 'stage' | 'invocation'>, pathBelowStage: string): string {
  return executeApiArn(input.api.id, `${input.stage.name}/${input.invocation.method}${pathBelowStage}`);
}

/**
 * Authorizes requests for one local API Gateway (its JWT keys and Lambda answers are cached
 * across requests).
 */
export class HttpAuthorizers {
  private readonly cache = new AuthorizerCache<CachedAnswer>();
  private readonly jwt: JwtVerifier;

  constructor(private readonly options: HttpAuthorizersOptions) {
    this.jwt = new JwtVerifier(options.services);
  }

  /** What the route's authorization establishes; throws HttpApiError when it refuses. */
  async authorize(input: Omit<HttpEventInput, 'authorization' | 'requestId'>, arn: string): Promise<HttpAuthorization> {
    const { route } = input.match;
    switch (route.authorizationType) {
      case 'NONE':
        return { kind: 'none' };
      case 'AWS_IAM':
        return this.iam(input, arn);
      case 'JWT': {
        const authorizer = this.authorizerOf(input);
        const identity = this.identityValues(authorizer, input)?.[0];
        if (identity === undefined) throw new HttpApiError(401, `the identity source ${authorizer.identitySource.join(', ')} is missing`);
        return { kind: 'jwt', ...(await this.jwt.authorize(identity, authorizer, route.authorizationScopes)) };
      }
      case 'CUSTOM':
        return this.lambda(input, this.authorizerOf(input), arn);
    }
  }

  private authorizerOf(input: Omit<HttpEventInput, 'authorization' | 'requestId'>): HttpAuthorizer {
    const { route } = input.match;
    const authorizer = route.authorizerId ? input.api.authorizers.get(route.authorizerId) : undefined;
    if (!authorizer) throw new HttpApiError(500, `route ${route.routeKey} names authorizer ${route.authorizerId}, which the API does not have`);
    return authorizer;
  }

  private iam(input: Omit<HttpEventInput, 'authorization' | 'requestId'>, arn: string): HttpAuthorization {
    const iam = this.options.services.find<IamService>('iam');
    if (!iam) throw new HttpApiError(500, `route ${input.match.route.routeKey} uses IAM authorization, and the local IAM service is not running`);
    let principal;
    try {
      principal = authenticateInvocation(iam, input.invocation, input.body);
    } catch (error) {
      throw new HttpApiError(403, `the request's signature is not accepted: ${(error as Error).message}`);
    }
    const decision = authorizeInvoke(iam, input.invocation, principal, arn);
    if (!decision.allowed) throw new HttpApiError(403, `${principal.arn} may not execute-api:Invoke ${arn} (${decision.reason})`);
    return { kind: 'iam', principal };
  }

  /**
   * The identity sources' values, in order, or undefined when one is missing. Sources name a
   * header (any case), a query string parameter, a context or a stage variable.
   */
  private identityValues(authorizer: HttpAuthorizer, input: Omit<HttpEventInput, 'authorization' | 'requestId'>): string[] | undefined {
    const values: string[] = [];
    for (const source of authorizer.identitySource) {
      const [, scope, name] = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(source) ?? [];
      let value: string | undefined;
      if (scope === 'request.header') value = input.invocation.header(name);
      else if (scope === 'request.querystring') value = input.invocation.query.getAll(name).join(',') || undefined;
      else if (scope === 'stageVariables') value = input.stage.variables[name];
      else if (scope === 'context') value = contextVariable(name, input);
      if (value === undefined || value === '') return undefined;
      values.push(value);
    }
    return values;
  }

  private async lambda(input: Omit<HttpEventInput, 'authorization' | 'requestId'>, authorizer: HttpAuthorizer, arn: string): Promise<HttpAuthorization> {
    const identity = this.identityValues(authorizer, input);
    if (!identity) throw new HttpApiError(401, `the identity source ${authorizer.identitySource.join(', ')} is missing`);
    const simple = authorizer.enableSimpleResponses && authorizer.payloadFormatVersion === '2.0';
    const key = identity.length > 0 ? `${input.api.id}/${authorizer.id}\n${identity.join('\n')}` : undefined;
    let answer = key !== undefined ? this.cache.get(key) : undefined;
    if (!answer) {
      answer = await this.invoke(input, authorizer, arn, identity, simple);
      if (key !== undefined) this.cache.set(key, answer, authorizer.ttlSeconds);
    }
    if (answer.kind === 'simple') return { kind: 'lambda', context: answer.context };
    const decision = policyDecision(answer.policyDocument, arn, (message) => this.options.log.warn(`authorizer ${authorizer.name}: ${message}`));
    if (decision !== 'allow') throw new HttpApiError(403, `authorizer ${authorizer.name}'s policy ${decision === 'explicit-deny' ? 'denies' : 'does not allow'} ${arn}`);
    return { kind: 'lambda', context: { ...answer.context, principalId: answer.principalId }, principalId: answer.principalId };
  }

  private async invoke(input: Omit<HttpEventInput, 'authorization' | 'requestId'>, authorizer: HttpAuthorizer, arn: string, identity: string[], simple: boolean): Promise<CachedAnswer> {
    if (!authorizer.functionArn) throw new HttpApiError(500, `authorizer ${authorizer.name} names no Lambda function`);
    const eventInput = { ...input, authorization: { kind: 'none' } as const, requestId: input.invocation.requestId };
    const event =
      authorizer.payloadFormatVersion === '2.0'
        ? { ...withoutBody(httpEventV2(eventInput)), version: '2.0', type: 'REQUEST', routeArn: arn, identitySource: identity }
        : { ...withoutBody(httpEventV1(eventInput)), version: '1.0', type: 'REQUEST', methodArn: arn, identitySource: identity.join(','), authorizationToken: identity.join(',') };
    const outcome = await this.options.caller.call({
      functionArn: authorizer.functionArn,
      event,
      sourceArns: [executeApiArn(input.api.id, `authorizers/${authorizer.id}`)],
      credentialsArn: authorizer.credentialsArn,
      timeoutMs: AUTHORIZER_TIMEOUT_MS,
      traceId: input.invocation.traceId,
      source: `apigateway authorizer ${authorizer.name}`,
    });
    if (!outcome.ok) throw new HttpApiError(500, `authorizer ${authorizer.name}: ${outcome.detail}`);
    const payload = outcome.payload as Record<string, unknown> | null;
    if (simple && typeof payload?.isAuthorized === 'boolean') {
      if (!payload.isAuthorized) throw new HttpApiError(403, `authorizer ${authorizer.name} answered isAuthorized: false`);
      return { kind: 'simple', context: contextOf(payload.context) };
    }
    const policy = readPolicyAnswer(payload);
    if (!policy) throw new HttpApiError(500, `authorizer ${authorizer.name} answered ${JSON.stringify(payload)?.slice(0, 200)}, which is ${simple ? 'neither a simple answer nor' : 'not'} an IAM policy answer`);
    return { kind: 'policy', principalId: policy.principalId, policyDocument: policy.policyDocument, context: policy.context };
  }
}

function contextOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Authorizer events carry no body. */
function withoutBody(event: Record<string, unknown>): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _encoded, ...rest } = event;
  return rest;
}

/** The `$context` variables an identity source may name. */
function contextVariable(name: string, input: Omit<HttpEventInput, 'authorization' | 'requestId'>): string | undefined {
  switch (name) {
    case 'routeKey':
      return input.match.route.routeKey;
    case 'stage':
      return input.stage.name;
    case 'apiId':
      return input.api.id;
    case 'httpMethod':
      return input.invocation.method;
    case 'identity.sourceIp':
      return input.invocation.sourceIp;
    case 'identity.userAgent':
      return input.invocation.userAgent;
    case 'path':
      return input.invocation.address.rawPath;
    default:
      return undefined;
  }
}
