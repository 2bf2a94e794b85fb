/**
 * A REST API method's authorization: `NONE`, `AWS_IAM` (SigV4, then the caller's
 * `execute-api:Invoke` on the method's ARN), `COGNITO_USER_POOLS` (a user-pool token from the
 * identity source, checked by the local Cognito), or `CUSTOM` — a Lambda TOKEN or REQUEST
 * authorizer whose IAM-policy answer is cached by identity for its TTL ("Use API Gateway Lambda
 * authorizers"). Refusals are the gateway responses AWS gives: 401 Unauthorized, 403 with IAM's
 * or the authorizer's sentence, 500 for an authorizer that fails.
 */
import type { CognitoService } from '../../cognito/types';
import { TokenVerificationError } from '../../cognito/types';
import type { IamService } from '../../iam/types';
import { SigV4Error } from '../../iam/types';
import type { Logger } from '../../reporter';
import type { ServiceRegistry } from '../../service';
import { GATEWAY_RESPONSES, RestGatewayError } from '../errors';
import { executeApiArn } from '../model';
import { AuthorizerCache } from '../invoke/authorizer-cache';
import { policyDecision, readPolicyAnswer, type PolicyAnswer } from '../invoke/authorizer-policy';
import type { FunctionCaller } from '../invoke/call-function';
import { authenticateInvocation, authorizeInvoke, maskedArn } from '../invoke/iam-auth';
import { multiValueHeaders, multiValueQuery, singleValueHeaders, singleValueQuery } from '../invoke/payload';
import { cognitoClaims, requestContext, type RestAuthorization, type RestRequest } from './events';
import type { RestAuthorizer } from './model';

/** How long API Gateway waits for a Lambda authorizer. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

export type AuthorizationInput = Omit<RestRequest, 'authorization' | 'apiKey'>;

export interface RestAuthorizationResult {
  authorization: RestAuthorization;
  /** An authorizer's `usageIdentifierKey` (the API key, for APIs whose key source is AUTHORIZER). */
  usageIdentifierKey?: string;
}

/** IAM's SigV4 failures as a REST API answers them. */
function sigV4Response(error: SigV4Error): RestGatewayError {
  switch (error.code) {
    case 'MissingAuthenticationToken':
      return RestGatewayError.of('MISSING_AUTHENTICATION_TOKEN', error.message);
    case 'ExpiredToken':
      return RestGatewayError.of('EXPIRED_TOKEN', error.message);
    case 'InvalidClientTokenId':
    case 'InvalidToken':
      return new RestGatewayError('ACCESS_DENIED', 'The security token included in the request is invalid.', { errorType: 'UnrecognizedClientException', logDetail: error.message });
    case 'IncompleteSignature':
      return new RestGatewayError('INVALID_SIGNATURE', error.message, { errorType: 'IncompleteSignatureException' });
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return new RestGatewayError('INVALID_SIGNATURE', error.message, { errorType: 'InvalidSignatureException' });
    default:
      return RestGatewayError.of('INVALID_SIGNATURE', error.message);
  }
}

/** The method's ARN as IAM policies and authorizers see it: `<api>/<stage>/<METHOD>/<path below the stage>`. */
export function methodArn(input: Pick<AuthorizationInput, 'api' | 'stage' | 'invocation' | 'rawPath'>): string {
  return executeApiArn(input.api.id, `${input.stage.name}/${input.invocation.method}${input.rawPath === '/' ? '/' : input.rawPath}`);
}

/** Authorizes REST API requests for one local API Gateway (Lambda answers cached across requests). */
export class RestAuthorizers {
  private readonly cache = new AuthorizerCache<PolicyAnswer>();

  constructor(private readonly options: { services: ServiceRegistry; caller: FunctionCaller; log: Logger }) {}

  async authorize(input: AuthorizationInput): Promise<RestAuthorizationResult> {
    switch (input.method.authorizationType) {
      case 'NONE':
        return { authorization: { kind: 'none' } };
      case 'AWS_IAM':
        return { authorization: this.iam(input) };
      case 'COGNITO_USER_POOLS':
        return { authorization: await this.cognito(input, this.authorizerOf(input)) };
      case 'CUSTOM':
        return this.lambda(input, this.authorizerOf(input));
      default:
        throw RestGatewayError.of('API_CONFIGURATION_ERROR', `authorization type ${input.method.authorizationType} is not one API Gateway has`);
    }
  }

  private authorizerOf(input: AuthorizationInput): RestAuthorizer {
    const authorizer = input.method.authorizerId ? input.api.authorizers.get(input.method.authorizerId) : undefined;
    if (!authorizer) throw new RestGatewayError('AUTHORIZER_CONFIGURATION_ERROR', null, { logDetail: `the method names authorizer ${input.method.authorizerId}, which the API does not have` });
    return authorizer;
  }

  private iam(input: AuthorizationInput): RestAuthorization {
    const iam = this.options.services.find<IamService>('iam');
    if (!iam) throw RestGatewayError.of('API_CONFIGURATION_ERROR', 'the method uses IAM authorization, and the local IAM service is not running');
    let principal;
    try {
      principal = authenticateInvocation(iam, input.invocation, input.body);
    } catch (error) {
      if (error instanceof SigV4Error) throw sigV4Response(error);
      throw error;
    }
    const arn = methodArn(input);
    const decision = authorizeInvoke(iam, input.invocation, principal, arn);
    if (!decision.allowed) {
      const message = `User: ${principal.arn} is not authorized to perform: execute-api:Invoke on resource: ${maskedArn(arn)}${decision.reason === 'explicit-deny' ? ' with an explicit deny' : ''}`;
      throw new RestGatewayError('ACCESS_DENIED', message, { messageKey: 'Message' });
    }
    return { kind: 'iam', principal };
  }

  /** The value of an identity source (`method.request.header.X`, `…querystring.X`, `stageVariables.X`, `context.X`), or undefined. */
  private identityValue(source: string, input: AuthorizationInput): string | undefined {
    const [, scope, name] = /^(method\.request\.header|method\.request\.querystring|method\.request\.multivalueheader|method\.request\.multivaluequerystring|stageVariables|context)\.(.+)$/.exec(source) ?? [];
    switch (scope) {
      case 'method.request.header':
        return input.invocation.headerValues(name).at(-1);
      case 'method.request.multivalueheader':
        return input.invocation.header(name);
      case 'method.request.querystring':
        return input.invocation.query.getAll(name).at(-1);
      case 'method.request.multivaluequerystring':
        return input.invocation.query.getAll(name).join(',') || undefined;
      case 'stageVariables':
        return input.stage.variables[name];
      case 'context':
        return String(requestContext({ ...input, authorization: { kind: 'none' } })[name] ?? '') || undefined;
      default:
        return undefined;
    }
  }

  private async cognito(input: AuthorizationInput, authorizer: RestAuthorizer): Promise<RestAuthorization> {
    const token = this.identityValue(authorizer.identitySource[0] ?? 'method.request.header.Authorization', input);
    if (!token) throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: the request has no token`);
    const cognito = this.options.services.find<CognitoService>('cognito');
    if (!cognito) throw new RestGatewayError('AUTHORIZER_CONFIGURATION_ERROR', null, { logDetail: `authorizer ${authorizer.name} needs the local Cognito, which is not running` });
    for (const userPoolId of authorizer.userPoolIds) {
      try {
        const claims = await cognito.verifyToken(token, { userPoolId });
        const scopes = input.method.authorizationScopes;
        // A method without OAuth scopes takes id tokens only; access tokens are for methods that name scopes.
        if (scopes.length === 0 && claims.token_use !== 'id') {
          throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: the method names no OAuth scopes, so it takes id tokens only (this is an ${String(claims.token_use)} token)`);
        }
        if (scopes.length > 0) {
          const granted = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
          if (claims.token_use !== 'access' || !scopes.some((scope) => granted.includes(scope))) {
            throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: the token has none of the method's scopes (${scopes.join(', ')})`);
          }
        }
        return { kind: 'cognito', claims: cognitoClaims(claims) };
      } catch (error) {
        if (!(error instanceof TokenVerificationError)) throw error;
      }
    }
    throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: the token is not one of ${authorizer.userPoolIds.join(', ')}'s, or has expired`);
  }

  private async lambda(input: AuthorizationInput, authorizer: RestAuthorizer): Promise<RestAuthorizationResult> {
    const arn = methodArn(input);
    const started = Date.now();
    let identity: string[];
    if (authorizer.type === 'TOKEN') {
      const token = this.identityValue(authorizer.identitySource[0] ?? 'method.request.header.Authorization', input);
      if (!token) throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: the identity source ${authorizer.identitySource[0]} is missing`);
      if (authorizer.identityValidationExpression && !authorizer.identityValidationExpression.test(token)) {
        throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: the token does not match the identity validation expression`);
      }
      identity = [token];
    } else {
      const values = authorizer.identitySource.map((source) => this.identityValue(source, input));
      // With caching, every identity source is required (it is the cache key).
      if (authorizer.ttlSeconds > 0 && values.some((value) => value === undefined || value === '')) {
        throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name}: an identity source (${authorizer.identitySource.join(', ')}) is missing`);
      }
      identity = values.map((value) => value ?? '');
    }
    const key = `${input.api.id}/${authorizer.id}\n${identity.join('\n')}`;
    let answer = this.cache.get(key);
    if (!answer) {
      answer = await this.invoke(input, authorizer, arn, identity[0]);
      this.cache.set(key, answer, authorizer.ttlSeconds);
    }
    const decision = policyDecision(answer.policyDocument, arn, (message) => this.options.log.warn(`authorizer ${authorizer.name}: ${message}`));
    if (decision !== 'allow') {
      const message = `${GATEWAY_RESPONSES.ACCESS_DENIED.message}${decision === 'explicit-deny' ? ' with an explicit deny' : ''}`;
      throw new RestGatewayError('ACCESS_DENIED', message, { logDetail: `authorizer ${authorizer.name}'s policy ${decision === 'explicit-deny' ? 'denies' : 'does not allow'} ${arn}` });
    }
    return {
      authorization: { kind: 'lambda', principalId: answer.principalId, context: answer.context, latencyMs: Date.now() - started },
      usageIdentifierKey: answer.usageIdentifierKey,
    };
  }

  private async invoke(input: AuthorizationInput, authorizer: RestAuthorizer, arn: string, token: string | undefined): Promise<PolicyAnswer> {
    const failed = (detail: string) => new RestGatewayError('AUTHORIZER_CONFIGURATION_ERROR', null, { logDetail: `authorizer ${authorizer.name}: ${detail}` });
    if (!authorizer.functionArn) throw failed('it names no Lambda function');
    const outcome = await this.options.caller.call({
      functionArn: authorizer.functionArn,
      event: authorizer.type === 'TOKEN' ? { type: 'TOKEN', methodArn: arn, authorizationToken: token } : this.requestEvent(input, arn),
      sourceArns: [executeApiArn(input.api.id, `authorizers/${authorizer.id}`)],
      credentialsArn: authorizer.credentialsArn,
      timeoutMs: AUTHORIZER_TIMEOUT_MS,
      traceId: input.invocation.traceId,
      source: `apigateway authorizer ${authorizer.name}`,
    });
    if (!outcome.ok) {
      // A function that fails with the message "Unauthorized" asks for a 401: API Gateway's documented contract.
      if (outcome.error?.errorMessage === 'Unauthorized') throw RestGatewayError.of('UNAUTHORIZED', `authorizer ${authorizer.name} answered Unauthorized`);
      throw failed(outcome.detail);
    }
    const answer = readPolicyAnswer(outcome.payload);
    if (!answer) throw failed(`it answered ${JSON.stringify(outcome.payload)?.slice(0, 200)}, which is not a principalId and policyDocument`);
    const nested = Object.entries(answer.context).find(([, value]) => typeof value === 'object' && value !== null);
    if (nested) throw failed(`its context holds ${nested[0]}, an object or array (a REST API's authorizer context takes strings, numbers and booleans only)`);
    return answer;
  }

  private requestEvent(input: AuthorizationInput, arn: string): Record<string, unknown> {
    const multiHeaders = multiValueHeaders(input.invocation.headerPairs, false);
    const multiQuery = multiValueQuery(input.invocation.query);
    return {
      type: 'REQUEST',
      methodArn: arn,
      resource: input.match.resource.path,
      path: decodeURIComponent(input.rawPath),
      httpMethod: input.invocation.method,
      headers: singleValueHeaders(multiHeaders, 'last'),
      multiValueHeaders: multiHeaders,
      queryStringParameters: singleValueQuery(multiQuery, 'last') ?? {},
      multiValueQueryStringParameters: multiQuery ?? {},
      pathParameters: input.match.pathParameters,
      stageVariables: input.stage.variables,
      requestContext: requestContext({ ...input, authorization: { kind: 'none' } }),
    };
  }
}
