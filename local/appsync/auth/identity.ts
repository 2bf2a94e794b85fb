import type { Principal } from '../../iam/types';
import type { JwtClaims } from '../../cognito/types';
import type { AppSyncIdentity, ResolverContext } from '../runtime/types';
import type { AuthenticationType } from '../api/config';

/** Who made a request, as the engine needs it after authentication. */
export interface RequestAuth {
  mode: AuthenticationType;
  /** `$util.authType()`. */
  authType: ResolverContext['authType'];
  /** `$ctx.identity`, shaped as AppSync shapes it for the mode. */
  identity: AppSyncIdentity;
  /** IAM mode: the caller, for `appsync:GraphQL` authorization. */
  principal?: Principal;
  /** User pools: the caller's groups (`cognito:groups`). */
  groups: readonly string[];
  /** Lambda authorizer: fields it denied (`Type.field`). */
  deniedFields?: ReadonlySet<string>;
}

export const AUTH_TYPE_NAMES: Record<AuthenticationType, ResolverContext['authType']> = {
  API_KEY: 'API Key Authorization',
  AWS_IAM: 'IAM Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
};

/** API key callers have no identity: `$ctx.identity` is null. */
export function apiKeyAuth(): RequestAuth {
  return { mode: 'API_KEY', authType: AUTH_TYPE_NAMES.API_KEY, identity: null, groups: [] };
}

/**
 * `$ctx.identity` for Cognito user pools: `sub`, `issuer`, `username`, `claims`,
 * `sourceIp`, `defaultAuthStrategy`, `groups` (null when the token has none).
 */
export function userPoolAuth(claims: JwtClaims, sourceIp: string, defaultAuthStrategy: 'ALLOW' | 'DENY'): RequestAuth {
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : null;
  return {
    mode: 'AMAZON_COGNITO_USER_POOLS',
    authType: AUTH_TYPE_NAMES.AMAZON_COGNITO_USER_POOLS,
    identity: {
      sub: claims.sub,
      issuer: claims.iss,
      // Id tokens carry cognito:username; access tokens carry username.
      username: claims['cognito:username'] ?? claims.username ?? claims.sub,
      claims,
      sourceIp: [sourceIp],
      defaultAuthStrategy,
      groups,
    },
    groups: groups ?? [],
  };
}

/** `$ctx.identity` for OIDC: `claims`, `issuer`, `sub`. */
export function oidcAuth(claims: Record<string, unknown>): RequestAuth {
  return {
    mode: 'OPENID_CONNECT',
    authType: AUTH_TYPE_NAMES.OPENID_CONNECT,
    identity: { claims, issuer: claims.iss ?? null, sub: claims.sub ?? null },
    groups: [],
  };
}

/** `$ctx.identity` for Lambda authorizers: the authorizer's `resolverContext`. */
export function lambdaAuth(resolverContext: unknown, deniedFields: ReadonlySet<string>): RequestAuth {
  return {
    mode: 'AWS_LAMBDA',
    authType: AUTH_TYPE_NAMES.AWS_LAMBDA,
    identity: { resolverContext: resolverContext ?? {} },
    groups: [],
    deniedFields,
  };
}

/**
 * `$ctx.identity` for IAM: `accountId`, `cognitoIdentityPoolId`, `cognitoIdentityId`,
 * `sourceIp`, `username`, `userArn`, `cognitoIdentityAuthType`,
 * `cognitoIdentityAuthProvider` — the Cognito ones null unless the credentials came
 * from an identity pool (Amplify's generated auth tells those callers apart this way).
 */
export function iamAuth(principal: Principal, sourceIp: string): RequestAuth {
  const key = (name: string): string | readonly string[] | undefined => principal.context?.[name] ?? principal.policyVariables[name];
  const fromIdentityPool = principal.identityId !== undefined;
  const rawAmr = key('cognito-identity.amazonaws.com:amr') ?? [];
  const amr = (typeof rawAmr === 'string' ? rawAmr.split(',') : [...rawAmr]).map((s) => s.trim()).filter(Boolean);
  const aud = key('cognito-identity.amazonaws.com:aud');
  const authType = amr.includes('authenticated') ? 'authenticated' : amr.includes('unauthenticated') ? 'unauthenticated' : null;
  const providers = amr.filter((entry) => entry !== 'authenticated' && entry !== 'unauthenticated');
  return {
    mode: 'AWS_IAM',
    authType: AUTH_TYPE_NAMES.AWS_IAM,
    identity: {
      accountId: principal.accountId,
      cognitoIdentityPoolId: fromIdentityPool ? ((Array.isArray(aud) ? aud[0] : aud) ?? null) : null,
      cognitoIdentityId: fromIdentityPool ? principal.identityId : null,
      sourceIp: [sourceIp],
      username: principal.userId,
      userArn: principal.arn,
      cognitoIdentityAuthType: fromIdentityPool ? authType : null,
      // AppSync gives the providers as one string of quoted, comma-separated entries.
      cognitoIdentityAuthProvider: fromIdentityPool && providers.length ? providers.map((p) => `"${p}"`).join(',') : null,
    },
    principal,
    groups: [],
  };
}
