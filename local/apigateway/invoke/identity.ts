/**
 * `requestContext.identity` of a REST API event (and of an HTTP API's payload 1.0): who called,
 * as far as API Gateway knows — the source address and user agent, and for SigV4-signed calls
 * the IAM caller, with the Cognito identity when the credentials came from an identity pool.
 */
import type { Principal } from '../../iam/types';
import type { Invocation } from './request';

const AMR = 'cognito-identity.amazonaws.com:amr';
const POOL = 'cognito-identity.amazonaws.com:aud';

/** The identity pool's authentication facts of a principal: type and provider, as the `amr` claim lists them. */
function cognitoFacts(principal: Principal | undefined): { type: string | null; provider: string | null; poolId: string | null } {
  const amr = principal?.context?.[AMR];
  const list = Array.isArray(amr) ? (amr as string[]) : typeof amr === 'string' ? [amr] : [];
  if (list.length === 0) return { type: null, provider: null, poolId: null };
  const pool = principal?.context?.[POOL];
  return { type: list[0] ?? null, provider: list.length > 1 ? list.slice(1).join(',') : null, poolId: typeof pool === 'string' ? pool : null };
}

export function callerIdentity(invocation: Invocation, principal?: Principal, apiKey?: { value: string; id: string }): Record<string, unknown> {
  const cognito = cognitoFacts(principal);
  return {
    cognitoIdentityPoolId: cognito.poolId,
    ...(apiKey && { apiKey: apiKey.value, apiKeyId: apiKey.id }),
    accountId: principal?.accountId ?? null,
    cognitoIdentityId: principal?.identityId ?? null,
    caller: principal?.userId ?? null,
    sourceIp: invocation.sourceIp,
    principalOrgId: null,
    accessKey: principal?.accessKeyId ?? null,
    cognitoAuthenticationType: cognito.type,
    cognitoAuthenticationProvider: cognito.provider,
    userArn: principal?.arn ?? null,
    userAgent: invocation.userAgent,
    user: principal?.userId ?? null,
  };
}
