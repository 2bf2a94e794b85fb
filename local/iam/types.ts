import type { IncomingHttpHeaders } from 'node:http';
import type { LocalService } from '../service';

/**
 * Contract of the local IAM service (implemented in local/iam). Other services
 * authenticate callers and authorize actions only through this.
 */

/** Temporary credentials as STS / Cognito identity pools hand them out. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Who signed a request. */
export interface Principal {
  /** `root`: the local account's administrator credentials (scripts, tests, the AWS CLI). */
  kind: 'root' | 'assumed-role';
  accessKeyId: string;
  accountId: string;
  /** `arn:aws:iam::000000000000:root` or `arn:aws:sts::000000000000:assumed-role/<role>/<session>`. */
  arn: string;
  /** For assumed roles: the role's ARN (`arn:aws:iam::…:role/<name>`). */
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
  /** Cognito identity id when the credentials came from an identity pool. */
  identityId?: string;
  /** `aws:userid` as IAM defines it (`AROA…:<session>` for roles). */
  userId: string;
  /** Values for policy variables such as `${cognito-identity.amazonaws.com:sub}`. */
  policyVariables: Readonly<Record<string, string>>;
}

/** A request as SigV4 signed it. */
export interface SignedRequest {
  method: string;
  /** The path exactly as sent (still URI-encoded), without the query. */
  rawPath: string;
  /** The query string exactly as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /**
   * The body, to check `x-amz-content-sha256` or compute the payload hash.
   * Omit for streamed bodies: the `x-amz-content-sha256` header value is then trusted
   * as the payload hash, as S3 does for UNSIGNED-PAYLOAD and streaming uploads.
   */
  body?: Buffer;
}

export const SigV4ErrorCode = {
  MissingAuthenticationToken: 'MissingAuthenticationToken',
  IncompleteSignature: 'IncompleteSignature',
  InvalidClientTokenId: 'InvalidClientTokenId',
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  ExpiredToken: 'ExpiredToken',
  RequestExpired: 'RequestExpired',
  InvalidToken: 'InvalidToken',
} as const;
export type SigV4ErrorCode = (typeof SigV4ErrorCode)[keyof typeof SigV4ErrorCode];

/** Authentication failure; each service renders it in its own wire shape. */
export class SigV4Error extends Error {
  constructor(readonly code: SigV4ErrorCode, message: string, readonly statusCode = 403) {
    super(message);
    this.name = code;
  }
}

export interface AuthorizationRequest {
  /** `s3:GetObject`, `dynamodb:PutItem`, `appsync:GraphQL`… */
  action: string;
  /** The resource ARN. */
  resource: string;
  /** Condition keys for this request (`s3:prefix`, `aws:SecureTransport`…), beside the global ones. */
  context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** `explicit-deny` wins over any allow; `implicit-deny` when nothing allows. */
  reason: 'allowed' | 'explicit-deny' | 'implicit-deny' | 'root';
  /** The statement that decided, for messages and logs (Sid or index). */
  statement?: string;
}

export interface IamService extends LocalService {
  readonly name: 'iam';
  /** The local account's administrator credentials (default `test` / `test`). */
  readonly rootCredentials: Credentials;
  /** Verifies a SigV4 request (header or presigned). Throws SigV4Error. */
  authenticate(request: SignedRequest): Principal;
  /** Evaluates the principal's identity policies (root is always allowed). */
  authorize(principal: Principal, request: AuthorizationRequest): AuthorizationDecision;
  /** Temporary credentials for a role of the assembly (functions, identity pools, AppSync data sources). */
  issueRoleCredentials(roleArn: string, options: { sessionName: string; identityId?: string; durationSeconds?: number }): Credentials;
}
