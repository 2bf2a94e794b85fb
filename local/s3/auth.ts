/**
 * Authentication (SigV4, through the local IAM service) and authorization (the
 * caller's identity policies, through IAM's evaluator, combined with the bucket
 * policy) of S3 requests.
 *
 * Secure transport: the local endpoint is plain http on 127.0.0.1, and the bucket
 * policies Amplify synthesizes deny every request with `aws:SecureTransport = false`.
 * Requests to the local S3 never leave the machine — the edge binds loopback only — so
 * they carry the guarantee TLS gives on AWS (no one between client and server can read
 * or alter them). The local S3 therefore sets `aws:SecureTransport` to `true`: the deny
 * statement stays in force and is evaluated, it simply does not match loopback traffic,
 * exactly as it does not match HTTPS traffic on AWS. (README, "The local cloud".)
 */
import { SigV4Error, SigV4ErrorCode, type AuthorizationRequest, type Principal, type SignedRequest } from '../iam/types';
import { evaluateResourcePolicy, type ConditionContext } from '../iam/policy/resource-policy';
import type { S3Call } from './call';
import { S3Error, accessDenied, contentSha256Mismatch, invalidRequest, requestExpired } from './errors';

export interface Permission {
  /** `s3:GetObject`, … */
  action: string;
  /** `arn:aws:s3:::bucket/key` or `arn:aws:s3:::bucket`. */
  resource: string;
  /** Condition keys of this request beside the common ones (`s3:prefix`…). */
  context?: Record<string, string | readonly string[]>;
}

function authTypeOf(call: S3Call): S3Call['caller']['authType'] {
  if (call.header('authorization')?.startsWith('AWS4-HMAC-SHA256')) return 'REST-HEADER';
  if (call.query.has('X-Amz-Credential') || call.query.has('X-Amz-Signature')) return 'REST-QUERY-STRING';
  return 'anonymous';
}

/** The region in the request's credential scope (the endpoint's region, as S3 sees it). */
export function scopeRegion(call: S3Call): string | undefined {
  const scope = /Credential=([^,\s]+)/.exec(call.header('authorization') ?? '')?.[1] ?? call.query.get('X-Amz-Credential') ?? '';
  const parts = scope.split('/');
  return parts.length >= 5 ? parts[parts.length - 3] : undefined;
}

/** S3's wire form of an authentication failure. */
function s3AuthError(error: SigV4Error, call: S3Call): S3Error {
  const details = error.details;
  const keyId = /Credential=([^/\s]+)/.exec(call.header('authorization') ?? '')?.[1] ?? call.query.get('X-Amz-Credential')?.split('/')[0];
  switch (error.code) {
    case SigV4ErrorCode.InvalidClientTokenId:
      return new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { AWSAccessKeyId: keyId });
    case SigV4ErrorCode.SignatureDoesNotMatch:
      return new S3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
        { AWSAccessKeyId: keyId, StringToSign: details.StringToSign, SignatureProvided: details.SignatureProvided, CanonicalRequest: details.CanonicalRequest },
      );
    case SigV4ErrorCode.RequestExpired:
      return requestExpired(error.message, {
        'X-Amz-Expires': details['X-Amz-Expires'],
        Expires: details.Expires,
        'X-Amz-Date': details['X-Amz-Date'],
        ServerTime: details.ServerTime,
      });
    case SigV4ErrorCode.RequestTimeTooSkewed:
      return new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
        RequestTime: details.RequestTime,
        ServerTime: details.ServerTime ?? new Date().toISOString(),
        MaxAllowedSkewMilliseconds: details.MaxAllowedSkewMilliseconds ?? '900000',
      });
    case SigV4ErrorCode.ExpiredToken:
      return new S3Error('ExpiredToken', 'The provided token has expired.', 400);
    case SigV4ErrorCode.InvalidToken:
      return new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
    case SigV4ErrorCode.XAmzContentSHA256Mismatch:
      return contentSha256Mismatch(call.header('x-amz-content-sha256') ?? '', details.S3ComputedContentSHA256 ?? '');
    case SigV4ErrorCode.IncompleteSignature:
    case SigV4ErrorCode.MissingAuthenticationToken:
      return call.caller.authType === 'REST-QUERY-STRING'
        ? new S3Error('AuthorizationQueryParametersError', error.message, 400)
        : new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${error.message}`, 400);
  }
}

/**
 * The same request as signed for AWS's own host names. local/client delivers requests the
 * storage client signed for `https://<bucket>.s3.<region>.amazonaws.com/<key>` (or, for
 * dotted bucket names, `https://s3.<region>.amazonaws.com/<bucket>/<key>`) path-style to
 * this endpoint — browsers cannot set Host — so the signature is verified against the
 * host and path it was computed for. The bucket is part of both forms, so a signature for
 * one bucket or key never verifies for another.
 */
function awsHostForms(call: S3Call, signed: SignedRequest): SignedRequest[] {
  const region = scopeRegion(call);
  const { bucket, style, rawPath } = call.address;
  if (style !== 'path' || !bucket || !region) return [];
  const prefix = `/${encodeURIComponent(bucket)}`;
  if (!rawPath.startsWith(prefix)) return [];
  return [
    { ...signed, rawPath: rawPath.slice(prefix.length) || '/', headers: { ...signed.headers, host: `${bucket}.s3.${region}.amazonaws.com` } },
    { ...signed, headers: { ...signed.headers, host: `s3.${region}.amazonaws.com` } },
  ];
}

/**
 * Establishes `call.caller`: the principal of a SigV4-signed request (header or
 * presigned), or anonymous for an unsigned one. Throws S3's authentication errors.
 */
export function authenticate(call: S3Call): void {
  const authType = authTypeOf(call);
  const iam = call.ctx.iam;
  if (!iam) {
    call.caller = { authType, unauthenticated: true };
    return;
  }
  call.caller = { authType, unauthenticated: false };
  if (authType === 'anonymous') return;
  if (authType === 'REST-HEADER' && call.header('x-amz-content-sha256') === undefined) {
    throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
  }
  const signed: SignedRequest = {
    method: call.method,
    rawPath: call.address.rawPath,
    rawQuery: call.address.rawQuery,
    headers: call.request.headers,
  };
  try {
    call.caller.principal = iam.authenticate(signed);
    call.caller.signed = signed;
    refuseRootFromForeignPage(call);
  } catch (error) {
    if (!(error instanceof SigV4Error)) throw error;
    const aliases = error.code === SigV4ErrorCode.SignatureDoesNotMatch ? awsHostForms(call, signed) : [];
    for (const alias of aliases) {
      try {
        call.caller.principal = iam.authenticate(alias);
        call.caller.signed = alias;
        refuseRootFromForeignPage(call);
        return;
      } catch (aliasError) {
        if (!(aliasError instanceof SigV4Error)) throw aliasError;
        // The failure reported is the one of the request as it arrived.
      }
    }
    throw s3AuthError(error, call);
  }
}

/**
 * The local root's keys are public (`test`/`test`): a bucket's CORS rules may admit any page,
 * as on AWS, but a page of an origin outside the edge's allow-list never acts as the root.
 */
function refuseRootFromForeignPage(call: S3Call): void {
  if (call.caller.principal?.kind === 'root' && call.request.foreignOrigin !== undefined) {
    throw accessDenied(`The local root credentials are not accepted from a web page of origin ${call.request.foreignOrigin} (start the local cloud with --allow-origin to allow it)`);
  }
}

/** Keys every S3 request carries, for identity and bucket policies alike. */
function requestContext(call: S3Call, principal: Principal | undefined, extra: Permission['context']): ConditionContext {
  const now = new Date();
  const context: Record<string, string | readonly string[]> = {
    // Loopback only: see the module comment.
    'aws:SecureTransport': 'true',
    'aws:SourceIp': call.request.raw.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    's3:authType': call.caller.authType === 'anonymous' ? 'REST-HEADER' : call.caller.authType,
    's3:signatureversion': 'AWS4-HMAC-SHA256',
  };
  const payloadHash = call.header('x-amz-content-sha256');
  if (payloadHash) context['s3:x-amz-content-sha256'] = payloadHash;
  if (principal) {
    Object.assign(context, principal.policyVariables, principal.context ?? {});
    context['aws:PrincipalArn'] = principal.roleArn ?? principal.arn;
    context['aws:PrincipalAccount'] = principal.accountId;
    context['aws:userid'] = principal.userId;
    context['aws:PrincipalType'] = principal.kind === 'root' ? 'Account' : 'AssumedRole';
  }
  return { ...context, ...(extra ?? {}) };
}

export interface AuthorizationOutcome {
  allowed: boolean;
  message: string;
}

/** Whether the caller may do `permission`: identity policies and the bucket policy, as AWS combines them. */
export function evaluate(call: S3Call, permission: Permission): AuthorizationOutcome {
  if (call.caller.unauthenticated) return { allowed: true, message: '' };
  const principal = call.caller.principal;
  const context = requestContext(call, principal, permission.context);
  const bucketName = permission.resource.slice('arn:aws:s3:::'.length).split('/')[0];
  const bucketPolicies = call.ctx.buckets.get(bucketName)?.policies ?? [];
  const resourceDecision = evaluateResourcePolicy(bucketPolicies, { principal, action: permission.action, resource: permission.resource, context });
  const who = principal ? `User: ${principal.arn}` : 'Anonymous user';
  const base = `${who} is not authorized to perform: ${permission.action} on resource: "${permission.resource}"`;
  if (resourceDecision.effect === 'explicit-deny') {
    return { allowed: false, message: `${base} with an explicit deny in a resource-based policy` };
  }
  if (!principal) {
    return resourceDecision.effect === 'allowed' ? { allowed: true, message: '' } : { allowed: false, message: 'Access Denied' };
  }
  const request: AuthorizationRequest = { action: permission.action, resource: permission.resource, context };
  const identity = call.ctx.iam!.authorize(principal, request);
  if (identity.reason === 'explicit-deny') return { allowed: false, message: `${base} with an explicit deny in an identity-based policy` };
  if (identity.allowed || resourceDecision.effect === 'allowed') return { allowed: true, message: '' };
  return { allowed: false, message: `${base} because no identity-based policy allows the ${permission.action} action` };
}

/** Throws AccessDenied unless the caller may do `permission`. */
export function authorize(call: S3Call, permission: Permission): void {
  const outcome = evaluate(call, permission);
  if (!outcome.allowed) {
    call.log.debug(`denied ${permission.action} on ${permission.resource}: ${outcome.message}`);
    throw accessDenied(outcome.message);
  }
}
