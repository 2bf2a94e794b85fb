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
  /**
   * Further condition keys the session carries, multi-valued ones included
   * (`cognito-identity.amazonaws.com:amr`). Policy variables are condition keys too.
   */
  context?: Readonly<Record<string, string | readonly string[]>>;
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

/**
 * Why authentication failed. The names are STS's; each service renders them in its own
 * wire shape (`jsonProtocolAuthError` in local/iam gives the JSON-protocol one; S3 says
 * `InvalidAccessKeyId` for InvalidClientTokenId, `AccessDenied` "Request has expired" for
 * RequestExpired, `AuthorizationQueryParametersError` for a malformed presigned URL…).
 */
export const SigV4ErrorCode = {
  /** Neither an Authorization header nor presigned query parameters. */
  MissingAuthenticationToken: 'MissingAuthenticationToken',
  /** The Authorization header or presigned parameters are malformed or incomplete. */
  IncompleteSignature: 'IncompleteSignature',
  /** Unknown access key id. */
  InvalidClientTokenId: 'InvalidClientTokenId',
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  /** Temporary credentials past their expiration. */
  ExpiredToken: 'ExpiredToken',
  /** A presigned URL past `X-Amz-Date + X-Amz-Expires` (or not yet valid). */
  RequestExpired: 'RequestExpired',
  /** Temporary credentials used without their session token, or with another one. */
  InvalidToken: 'InvalidToken',
  /** A header-signed request more than 15 minutes from the local clock (STS says SignatureDoesNotMatch "Signature expired…"). */
  RequestTimeTooSkewed: 'RequestTimeTooSkewed',
  /** `x-amz-content-sha256` is a hash that the body does not have. */
  XAmzContentSHA256Mismatch: 'XAmzContentSHA256Mismatch',
} as const;
export type SigV4ErrorCode = (typeof SigV4ErrorCode)[keyof typeof SigV4ErrorCode];

/** Authentication failure; each service renders it in its own wire shape. */
export class SigV4Error extends Error {
  constructor(
    readonly code: SigV4ErrorCode,
    message: string,
    readonly statusCode = 403,
    /** Extra fields AWS puts in some error bodies (`CanonicalRequest`, `StringToSign`, `RequestTime`, `ServerTime`…). */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** A role's trust policy refused to let the caller assume it. */
export class AssumeRoleDeniedError extends Error {
  constructor(readonly roleArn: string, message: string) {
    super(message);
    this.name = 'AssumeRoleDeniedError';
  }
}

export interface RoleSessionOptions {
  sessionName: string;
  /** Cognito identity id: binds `${cognito-identity.amazonaws.com:sub}`. */
  identityId?: string;
  /** 900–43200; default 3600. */
  durationSeconds?: number;
  /** Further condition keys of the session (`cognito-identity.amazonaws.com:aud`, `…:amr`). */
  context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A web identity token an identity provider registered with IAM has verified (AssumeRoleWithWebIdentity). */
export interface VerifiedWebIdentity {
  /** The federated principal the role's trust policy names, e.g. `cognito-identity.amazonaws.com`. */
  provider: string;
  /** The token's `sub`. */
  subject: string;
  /** The token's `aud`. */
  audience: string;
  /** Condition keys of the session, e.g. `cognito-identity.amazonaws.com:aud`, `…:amr`. */
  context: Readonly<Record<string, string | readonly string[]>>;
  /** Cognito identity id, when the token is an identity pool's. */
  identityId?: string;
}

/**
 * Verifies a token of one issuer (signature, expiry); throws WebIdentityTokenError when it
 * is not valid. Registered with IAM by the service that issues such tokens.
 */
export type WebIdentityVerifier = (token: string) => Promise<VerifiedWebIdentity>;

/** A web identity token that is not valid (bad signature, unknown issuer) or has expired. */
export class WebIdentityTokenError extends Error {
  constructor(readonly expired: boolean, message: string) {
    super(message);
    this.name = 'WebIdentityTokenError';
  }
}

/** The assumed-role user a session acts as (`AssumedRoleUser` in STS's answers). */
export interface AssumedRoleUser {
  arn: string;
  assumedRoleId: string;
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
  issueRoleCredentials(roleArn: string, options: RoleSessionOptions): Credentials;
  /**
   * The principal of credentials this service issued (or the root's), for in-process calls
   * that carry no signature (AppSync data sources, Lambda's own calls). Throws SigV4Error.
   */
  principalOf(credentials: Pick<Credentials, 'accessKeyId' | 'sessionToken'>): Principal;
  /**
   * What STS does for `AssumeRoleWithWebIdentity` once the web identity is verified: checks
   * that the role's trust policy lets the federated `provider` assume it under `options.context`
   * (e.g. `cognito-identity.amazonaws.com:aud`/`amr`), then issues credentials.
   * Throws AssumeRoleDeniedError.
   */
  assumeRoleWithWebIdentity(roleArn: string, provider: string, options: RoleSessionOptions): Credentials;
  /**
   * STS `AssumeRole` for a signed-in caller: the role's trust policy must let the caller
   * (its role, or the account when the caller's own policies allow `sts:AssumeRole` on the
   * role) assume it, with `sts:ExternalId` when given. Throws AssumeRoleDeniedError.
   */
  assumeRole(caller: Principal, roleArn: string, options: RoleSessionOptions & { externalId?: string }): { credentials: Credentials; user: AssumedRoleUser };
  /** The assumed-role user of a session of `roleArn` named `sessionName`. */
  assumedRoleUser(roleArn: string, sessionName: string): AssumedRoleUser;
  /** Lets STS accept web identity tokens whose `iss` is `issuer` (e.g. Cognito identity's OpenID tokens). */
  registerWebIdentityIssuer(issuer: string, verify: WebIdentityVerifier): void;
  /** Verifies a web identity token with the verifier of its issuer. Throws WebIdentityTokenError. */
  verifyWebIdentity(token: string): Promise<VerifiedWebIdentity>;
  /**
   * For a request `authenticate` accepted with `x-amz-content-sha256:
   * STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`: checks its aws-chunked body's chunk
   * signatures in order, chained from the seed signature. Throws SigV4Error otherwise.
   */
  chunkSignatureVerifier(request: SignedRequest): ChunkSignatureVerifier;
}

/** Verifies the chunk (and trailer) signatures of a signed streaming upload, in order. */
export interface ChunkSignatureVerifier {
  /** The next chunk's `chunk-signature`, the final empty chunk included. */
  verifyChunk(data: Buffer, signature: string): boolean;
  /** `x-amz-trailer-signature` over the trailing header lines (`name:value\n` each). */
  verifyTrailer(trailerLines: string, signature: string): boolean;
}
