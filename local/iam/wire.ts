import type { EdgeRequest } from '../edge';
import { JsonServiceError } from '../edge/json-protocol';
import { SigV4Error, SigV4ErrorCode, type AuthorizationDecision, type AuthorizationRequest, type IamService, type Principal, type SignedRequest } from './types';

/**
 * Helpers for services that authenticate through the local IAM service: turning an edge
 * request into what SigV4 signed, and IAM's verdicts into the JSON protocol's errors.
 */

/**
 * The request as SigV4 signed it: method, the raw path and query exactly as sent, headers,
 * and the body when the service has buffered it.
 * @example
 * const principal = iam.authenticate(signedRequestOf(request, await request.body()));
 */
export function signedRequestOf(request: EdgeRequest, body?: Buffer): SignedRequest {
  const url = request.raw.url ?? '/';
  const mark = url.indexOf('?');
  return {
    method: request.method,
    rawPath: mark < 0 ? url : url.slice(0, mark),
    rawQuery: mark < 0 ? '' : url.slice(mark + 1),
    headers: request.headers,
    body,
  };
}

/**
 * Authenticates an edge request with the local IAM service. A SigV4 failure is thrown in the
 * calling service's wire form: the JSON protocol's by default, or what `toError` makes of it
 * (Lambda answers 403 where JSON-protocol services answer 400). Other errors pass unchanged.
 * @example
 * authenticate: (request, body) => authenticateRequest(iam, request, body)
 * authenticateRequest(iam, request, body, lambdaAuthError)
 */
export function authenticateRequest(
  iam: Pick<IamService, 'authenticate'>,
  request: EdgeRequest,
  body: Buffer,
  toError: (error: SigV4Error) => Error = jsonProtocolAuthError,
): Principal {
  try {
    return iam.authenticate(signedRequestOf(request, body));
  } catch (error) {
    if (error instanceof SigV4Error) throw toError(error);
    throw error;
  }
}

/** How AWS's API front ends word an authentication failure: the error type, message and status. */
export interface AuthFailureWording {
  type: string;
  message: string;
  statusCode: 400 | 403;
}

/**
 * An authentication failure as AWS's API front ends word it: `UnrecognizedClientException`,
 * `InvalidSignatureException`, `ExpiredTokenException`… Services own the wire form (an error
 * class), and some the status: Lambda answers each with 403.
 * @example
 * const { type, message } = authFailureWording(error);
 */
export function authFailureWording(error: SigV4Error): AuthFailureWording {
  switch (error.code) {
    case SigV4ErrorCode.MissingAuthenticationToken:
      return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', statusCode: 403 };
    case SigV4ErrorCode.IncompleteSignature:
      return { type: 'IncompleteSignatureException', message: error.message, statusCode: 400 };
    case SigV4ErrorCode.InvalidClientTokenId:
    case SigV4ErrorCode.InvalidToken:
      return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', statusCode: 400 };
    case SigV4ErrorCode.ExpiredToken:
      return { type: 'ExpiredTokenException', message: 'The security token included in the request is expired', statusCode: 400 };
    case SigV4ErrorCode.SignatureDoesNotMatch:
    case SigV4ErrorCode.XAmzContentSHA256Mismatch:
      return {
        type: 'InvalidSignatureException',
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        statusCode: 400,
      };
    case SigV4ErrorCode.RequestTimeTooSkewed:
    case SigV4ErrorCode.RequestExpired:
      return { type: 'InvalidSignatureException', message: error.message, statusCode: 400 };
    default:
      return { type: 'UnrecognizedClientException', message: error.message, statusCode: 400 };
  }
}

/**
 * An authentication failure as AWS JSON-protocol services (DynamoDB, Cognito, SSM…) answer it.
 * @example
 * try { principal = iam.authenticate(signed); } catch (e) { if (e instanceof SigV4Error) throw jsonProtocolAuthError(e); throw e; }
 */
export function jsonProtocolAuthError(error: SigV4Error): JsonServiceError {
  const { type, message, statusCode } = authFailureWording(error);
  return new JsonServiceError(type, message, statusCode);
}

/**
 * AWS's access-denied sentence: "User: <arn> is not authorized to perform: <action> on
 * resource: <arn> because no identity-based policy allows the <action> action".
 */
export function accessDeniedMessage(principal: Principal, request: AuthorizationRequest, decision: AuthorizationDecision): string {
  const because =
    decision.reason === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
  return `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${because}`;
}

/**
 * For REST-JSON services behind AWS's API front end (AppSync's control plane, EventBridge
 * Scheduler): the same error types as the JSON protocol's, answered with 403.
 */
export function restJsonAuthError(error: SigV4Error): JsonServiceError {
  const refused = jsonProtocolAuthError(error);
  return new JsonServiceError(refused.type, refused.message, 403);
}

/**
 * Authorizes `request` for a principal `authenticateRequest` returned (nothing to check without
 * an IAM service); a denial is `AccessDeniedException` (403) with AWS's sentence.
 * @example
 * authorizeRequest(iam, principal, { action: 'scheduler:ListSchedules', resource: '*' });
 */
export function authorizeRequest(iam: Pick<IamService, 'authorize'> | undefined, principal: Principal | undefined, request: AuthorizationRequest): void {
  if (!iam || !principal) return;
  const decision = iam.authorize(principal, request);
  if (!decision.allowed) throw new JsonServiceError('AccessDeniedException', accessDeniedMessage(principal, request, decision), 403);
}
