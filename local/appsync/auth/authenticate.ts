import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { CognitoService } from '../../cognito/types';
import { TokenVerificationError } from '../../cognito/types';
import type { IamService } from '../../iam/types';
import { SigV4Error, SigV4ErrorCode } from '../../iam/types';
import type { LambdaService } from '../../lambda/types';
import type { ServiceRegistry } from '../../service';
import type { AuthProvider } from '../api/config';
import type { GraphQLApiModel } from '../api/graphql-api';
import { AppSyncRequestError, UnauthorizedException, UnauthorizedMessage } from '../errors';
import { apiKeyAuth, iamAuth, lambdaAuth, oidcAuth, userPoolAuth, type RequestAuth } from './identity';

/** What authentication reads of an HTTP request (or a WebSocket's auth headers). */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
  method: string;
  /** Path exactly as sent (still encoded), without the query: SigV4 signs it. */
  rawPath: string;
  rawQuery: string;
  body: Buffer;
  sourceIp: string;
  /** For Lambda authorizers: the operation being authorized. */
  graphql?: () => { query?: string; operationName?: string | null; variables?: unknown };
  requestId: string;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const SIGV4_ERROR_TYPES: Partial<Record<SigV4ErrorCode, string>> = {
  [SigV4ErrorCode.MissingAuthenticationToken]: 'MissingAuthenticationTokenException',
  [SigV4ErrorCode.IncompleteSignature]: 'IncompleteSignatureException',
  [SigV4ErrorCode.InvalidClientTokenId]: 'UnrecognizedClientException',
  [SigV4ErrorCode.SignatureDoesNotMatch]: 'InvalidSignatureException',
  [SigV4ErrorCode.ExpiredToken]: 'ExpiredTokenException',
  [SigV4ErrorCode.RequestExpired]: 'InvalidSignatureException',
  [SigV4ErrorCode.InvalidToken]: 'UnrecognizedClientException',
};

/** A configured mode whose local service is not running: fail loudly, naming it. */
class MissingServiceError extends AppSyncRequestError {
  constructor(mode: string, service: string) {
    super('UnauthorizedException', `${mode} authorization needs the local ${service} service, which is not running in this local cloud`, 401);
  }
}

function isJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/**
 * Decides the auth mode of a request from its headers and verifies the credential:
 * SigV4 → IAM, a JWT in `Authorization` → user pools or OIDC (by issuer) or a
 * Lambda authorizer, another `Authorization` value → Lambda authorizer,
 * `x-api-key` → API key. Anything missing or wrong is a 401 UnauthorizedException
 * (403 with AWS's SigV4 error types for bad signatures).
 * @example
 * const auth = await authenticator.authenticate(request); // auth.identity is $ctx.identity
 */
export class Authenticator {
  private readonly jwksByIssuer = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  private readonly lambdaCache = new Map<string, { auth: RequestAuth; until: number }>();

  constructor(private readonly api: GraphQLApiModel, private readonly services: ServiceRegistry) {}

  async authenticate(request: AuthRequest): Promise<RequestAuth> {
    const authorization = header(request.headers, 'authorization');
    const apiKey = header(request.headers, 'x-api-key');
    if (authorization?.startsWith('AWS4-HMAC-SHA256')) return this.iam(request);
    if (authorization) {
      const token = authorization.replace(/^Bearer\s+/i, '');
      const userPool = this.api.provider('AMAZON_COGNITO_USER_POOLS');
      const oidc = this.api.provider('OPENID_CONNECT');
      const lambda = this.api.provider('AWS_LAMBDA');
      if (isJwt(token) && (userPool || oidc)) {
        let issuer: unknown;
        try {
          issuer = decodeJwt(token).iss;
        } catch {
          if (!lambda) throw new UnauthorizedException(UnauthorizedMessage.unparsableJwt);
        }
        if (oidc && issuer === oidc.openIDConnect?.issuer) return this.oidc(token, oidc);
        if (userPool && (issuer !== undefined || !lambda)) return this.userPool(token, userPool, request.sourceIp);
      }
      if (lambda) return this.lambda(token, lambda, request);
      if (userPool) throw new UnauthorizedException(UnauthorizedMessage.unparsableJwt);
      throw new UnauthorizedException();
    }
    if (apiKey !== undefined) return this.apiKey(apiKey);
    throw new UnauthorizedException(UnauthorizedMessage.missing);
  }

  private apiKey(value: string) {
    if (!this.api.provider('API_KEY')) throw new UnauthorizedException();
    const key = this.api.apiKeys.find((candidate) => candidate.value === value);
    // Unknown and expired keys get the same answer from AppSync.
    if (!key || key.expires * 1000 <= Date.now()) throw new UnauthorizedException();
    return apiKeyAuth();
  }

  private iam(request: AuthRequest): RequestAuth {
    if (!this.api.provider('AWS_IAM')) throw new UnauthorizedException();
    const iam = this.services.find<IamService>('iam');
    if (!iam) throw new MissingServiceError('AWS_IAM', 'iam');
    try {
      const principal = iam.authenticate({
        method: request.method,
        rawPath: request.rawPath,
        rawQuery: request.rawQuery,
        headers: request.headers,
        body: request.body,
      });
      return iamAuth(principal, request.sourceIp);
    } catch (error) {
      if (error instanceof SigV4Error) throw new AppSyncRequestError(SIGV4_ERROR_TYPES[error.code] ?? 'InvalidSignatureException', error.message, error.statusCode);
      throw error;
    }
  }

  private async userPool(token: string, provider: AuthProvider, sourceIp: string): Promise<RequestAuth> {
    const cognito = this.services.find<CognitoService>('cognito');
    if (!cognito) throw new MissingServiceError('AMAZON_COGNITO_USER_POOLS', 'cognito');
    const config = provider.userPool!;
    try {
      const claims = await cognito.verifyToken(token, { userPoolId: config.userPoolId, clientIdRegex: config.appIdClientRegex });
      return userPoolAuth(claims, sourceIp, config.defaultAction);
    } catch (error) {
      if (!(error instanceof TokenVerificationError)) throw error;
      throw new UnauthorizedException(expiredMessage(token) ?? UnauthorizedMessage.denied);
    }
  }

  private async oidc(token: string, provider: AuthProvider): Promise<RequestAuth> {
    const config = provider.openIDConnect!;
    try {
      const { payload } = await jwtVerify(token, await this.jwks(config.issuer), {
        issuer: config.issuer,
        audience: config.clientId || undefined,
      });
      const now = Date.now();
      if (config.iatTTL > 0 && typeof payload.iat === 'number' && now - payload.iat * 1000 > config.iatTTL) throw new UnauthorizedException(UnauthorizedMessage.expiredJwt);
      const authTime = (payload as JWTPayload & { auth_time?: number }).auth_time;
      if (config.authTTL > 0 && typeof authTime === 'number' && now - authTime * 1000 > config.authTTL) throw new UnauthorizedException(UnauthorizedMessage.expiredJwt);
      return oidcAuth(payload as Record<string, unknown>);
    } catch (error) {
      if (error instanceof AppSyncRequestError) throw error;
      throw new UnauthorizedException(expiredMessage(token) ?? UnauthorizedMessage.denied);
    }
  }

  /** The issuer's JWKS, found through its discovery document (cached per API). */
  private async jwks(issuer: string) {
    let jwks = this.jwksByIssuer.get(issuer);
    if (!jwks) {
      const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!response.ok) throw new UnauthorizedException();
      const discovery = (await response.json()) as { jwks_uri?: string };
      if (!discovery.jwks_uri) throw new UnauthorizedException();
      jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
      this.jwksByIssuer.set(issuer, jwks);
    }
    return jwks;
  }

  private async lambda(token: string, provider: AuthProvider, request: AuthRequest): Promise<RequestAuth> {
    const config = provider.lambda!;
    if (config.identityValidationExpression && !new RegExp(config.identityValidationExpression).test(token)) {
      throw new UnauthorizedException();
    }
    const cached = this.lambdaCache.get(token);
    if (cached && cached.until > Date.now()) return cached.auth;
    const lambda = this.services.find<LambdaService>('lambda');
    if (!lambda) throw new MissingServiceError('AWS_LAMBDA', 'lambda');
    const operation = request.graphql?.() ?? {};
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'authorization').map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    const result = await lambda.invoke(config.functionArn, {
      authorizationToken: token,
      requestContext: {
        apiId: this.api.apiId,
        accountId: this.api.arn.split(':')[4],
        requestId: request.requestId,
        queryString: operation.query ?? '',
        operationName: operation.operationName ?? undefined,
        variables: operation.variables ?? {},
      },
      requestHeaders: headers,
    }, { source: `appsync ${this.api.name} authorizer` });
    const payload = result.payload as { isAuthorized?: boolean; resolverContext?: unknown; deniedFields?: string[]; ttlOverride?: number } | null;
    if (result.functionError || !payload || payload.isAuthorized !== true) throw new UnauthorizedException();
    const denied = new Set((payload.deniedFields ?? []).map((field) => fieldKeyFromDenied(field)));
    const auth = lambdaAuth(payload.resolverContext, denied);
    const ttl = typeof payload.ttlOverride === 'number' ? payload.ttlOverride : config.ttlSeconds;
    if (ttl > 0) this.lambdaCache.set(token, { auth, until: Date.now() + ttl * 1000 });
    return auth;
  }
}

/** `arn:aws:appsync:…:apis/<id>/types/T/fields/f` or `T.f` → `T.f`. */
function fieldKeyFromDenied(field: string): string {
  const match = /\/types\/([^/]+)\/fields\/([^/]+)$/.exec(field);
  return match ? `${match[1]}.${match[2]}` : field;
}

/** AppSync says "Token has expired." for an expired token, whatever else is wrong with it. */
function expiredMessage(token: string): string | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' && exp * 1000 <= Date.now() ? UnauthorizedMessage.expiredJwt : undefined;
  } catch {
    return UnauthorizedMessage.unparsableJwt;
  }
}
