import { randomBytes } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';
import type { ServiceContext } from '../service';
import { CredentialStore, loadSessionKey, type Session } from './credentials';
import { UnknownRoleError } from './errors';
import { stsOperations } from './operations';
import type { ContextLookup } from './policy/patterns';
import { IAM_RESOURCE_TYPES, loadRoles, type Role } from './roles';
import { parseSignatureClaim } from './sigv4/parse';
import { chunkSignatureVerifier } from './sigv4/chunks';
import { checkRequestTime, PayloadHash, SigningKeyCache, verifySignature } from './sigv4/verify';
import { stsRoute } from './sts';
import {
  AssumeRoleDeniedError,
  SigV4Error,
  SigV4ErrorCode,
  type AuthorizationDecision,
  type AuthorizationRequest,
  type ChunkSignatureVerifier,
  type Credentials,
  type IamService,
  type Principal,
  type AssumedRoleUser,
  type RoleSessionOptions,
  type SignedRequest,
  type VerifiedWebIdentity,
  type WebIdentityVerifier,
  WebIdentityTokenError,
} from './types';

export interface IamOptions {
  /**
   * The local account's administrator credentials. Default: FLARE_ROOT_ACCESS_KEY_ID /
   * FLARE_ROOT_SECRET_ACCESS_KEY from the environment, else `test` / `test`.
   */
  rootCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** The clock (epoch ms); tests move it to expire credentials and presigned URLs. */
  now?: () => number;
}

const COGNITO_SUB = 'cognito-identity.amazonaws.com:sub';
const INVALID_KEY = 'The security token included in the request is invalid.';
type ContextValues = Record<string, string | readonly string[]>;

/**
 * The local IAM service: SigV4 verification, the root's and roles' credentials, and
 * policy evaluation for every other local service.
 */
class LocalIamService implements IamService {
  readonly name = 'iam' as const;
  readonly resourceTypes = IAM_RESOURCE_TYPES;
  readonly rootCredentials: Credentials;
  private readonly now: () => number;
  private readonly store: CredentialStore;
  private readonly signingKeys = new SigningKeyCache();
  private readonly rootPrincipal: Principal;
  private readonly principals = new Map<string, Principal>();
  /** Condition-key values of each principal, lower-case keys, built once per principal. */
  private readonly principalContexts = new WeakMap<Principal, ContextValues>();
  private roles = new Map<string, Role>();
  private readonly webIdentityIssuers = new Map<string, WebIdentityVerifier>();

  constructor(options: IamOptions) {
    this.now = options.now ?? Date.now;
    const accessKeyId = options.rootCredentials?.accessKeyId ?? process.env.FLARE_ROOT_ACCESS_KEY_ID ?? 'test';
    const secretAccessKey = options.rootCredentials?.secretAccessKey ?? process.env.FLARE_ROOT_SECRET_ACCESS_KEY ?? 'test';
    if (accessKeyId.startsWith('ASIA')) throw new Error(`The root access key id must not start with ASIA (that prefix marks temporary credentials): ${accessKeyId}`);
    this.rootCredentials = { accessKeyId, secretAccessKey };
    // Until start() loads the state directory's key, sessions are signed with a per-process one.
    this.store = new CredentialStore(randomBytes(32), this.now);
    const accountId = LOCAL_ACCOUNT.accountId;
    this.rootPrincipal = {
      kind: 'root',
      accessKeyId,
      accountId,
      arn: `arn:aws:iam::${accountId}:root`,
      userId: accountId,
      policyVariables: {},
    };
  }

  async start(context: ServiceContext): Promise<void> {
    this.store.rekey(await loadSessionKey(context.state));
    this.roles = loadRoles(context.assembly, context.log);
    context.edge.addRoute(stsRoute({ operations: stsOperations(this), authenticate: (request) => this.authenticate(request), log: context.log }));
  }

  async stop(): Promise<void> {
    this.principals.clear();
  }

  summary(): string {
    const { accessKeyId, secretAccessKey } = this.rootCredentials;
    const statements = [...this.roles.values()].reduce((sum, role) => sum + role.identity.size, 0);
    return `${this.roles.size} roles, ${statements} policy statements; root credentials ${accessKeyId} / ${secretAccessKey} (FLARE_ROOT_ACCESS_KEY_ID / FLARE_ROOT_SECRET_ACCESS_KEY); STS GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity`;
  }

  authenticate(request: SignedRequest): Principal {
    return this.verify(request).principal;
  }

  chunkSignatureVerifier(request: SignedRequest): ChunkSignatureVerifier {
    const { claim, secret } = this.verify(request);
    const payloadHash = request.headers['x-amz-content-sha256'];
    if (claim.presigned || (payloadHash !== PayloadHash.streamingSigned && payloadHash !== PayloadHash.streamingSignedTrailer)) {
      throw new SigV4Error(SigV4ErrorCode.IncompleteSignature, `Chunk signatures belong to ${PayloadHash.streamingSigned} uploads; this request's payload hash is ${String(payloadHash)}`, 400);
    }
    return chunkSignatureVerifier(claim, this.signingKeys.get(secret, claim.scopeDate, claim.region, claim.service));
  }

  /** Authenticates a request; also returns what chunk verification needs. */
  private verify(request: SignedRequest): { principal: Principal; claim: ReturnType<typeof parseSignatureClaim>; secret: string } {
    const claim = parseSignatureClaim(request);
    let secret: string;
    let principal: Principal;
    if (claim.accessKeyId === this.rootCredentials.accessKeyId) {
      // Long-term keys carry no session token; one that does is not the root's.
      if (claim.sessionToken) throw new SigV4Error(SigV4ErrorCode.InvalidClientTokenId, INVALID_KEY, 403);
      secret = this.rootCredentials.secretAccessKey;
      principal = this.rootPrincipal;
    } else if (claim.accessKeyId.startsWith('ASIA')) {
      principal = this.sessionPrincipal(claim.accessKeyId, claim.sessionToken);
      secret = this.store.secretOf(claim.accessKeyId);
    } else {
      throw new SigV4Error(SigV4ErrorCode.InvalidClientTokenId, INVALID_KEY, 403);
    }
    checkRequestTime(claim, this.now());
    verifySignature(request, claim, secret, this.signingKeys);
    return { principal, claim, secret };
  }

  principalOf(credentials: Pick<Credentials, 'accessKeyId' | 'sessionToken'>): Principal {
    if (credentials.accessKeyId === this.rootCredentials.accessKeyId && !credentials.sessionToken) return this.rootPrincipal;
    if (!credentials.accessKeyId.startsWith('ASIA')) throw new SigV4Error(SigV4ErrorCode.InvalidClientTokenId, INVALID_KEY, 403);
    return this.sessionPrincipal(credentials.accessKeyId, credentials.sessionToken);
  }

  authorize(principal: Principal, request: AuthorizationRequest): AuthorizationDecision {
    if (principal.kind === 'root') return { allowed: true, reason: 'root' };
    const role = principal.roleArn ? this.roles.get(principal.roleArn) : undefined;
    if (!role) return { allowed: false, reason: 'implicit-deny' };
    const context = this.contextLookup(principal, request.context);
    const policyRequest = { action: request.action, resource: request.resource, context };
    const decision = role.identity.evaluate(policyRequest);
    if (decision.effect === 'explicit-deny') return { allowed: false, reason: 'explicit-deny', statement: decision.statement };
    if (decision.effect === 'implicit-deny') return { allowed: false, reason: 'implicit-deny' };
    if (role.boundary) {
      const bounded = role.boundary.evaluate(policyRequest);
      if (bounded.effect === 'explicit-deny') return { allowed: false, reason: 'explicit-deny', statement: bounded.statement };
      if (bounded.effect === 'implicit-deny') return { allowed: false, reason: 'implicit-deny', statement: 'permissions boundary' };
    }
    return { allowed: true, reason: 'allowed', statement: decision.statement };
  }

  issueRoleCredentials(roleArn: string, options: RoleSessionOptions): Credentials {
    this.role(roleArn);
    const duration = options.durationSeconds ?? 3600;
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new RangeError(`durationSeconds must be an integer from 900 to 43200 (got ${duration})`);
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(options.sessionName)) {
      throw new RangeError(`sessionName must be 2–64 characters of [\\w+=,.@-] (got ${JSON.stringify(options.sessionName)})`);
    }
    return this.store.issue({ roleArn, sessionName: options.sessionName, identityId: options.identityId, context: options.context }, duration);
  }

  assumeRoleWithWebIdentity(roleArn: string, provider: string, options: RoleSessionOptions): Credentials {
    const role = this.role(roleArn);
    const values: ContextValues = {};
    for (const [key, value] of Object.entries(options.context ?? {})) values[key.toLowerCase()] = value;
    if (options.identityId) values[COGNITO_SUB] ??= options.identityId;
    const decision = role.trust.evaluate({
      action: 'sts:AssumeRoleWithWebIdentity',
      principal: { type: 'Federated', id: provider },
      context: (key) => values[key],
    });
    if (decision.effect !== 'allow') {
      throw new AssumeRoleDeniedError(roleArn, `Not authorized to perform sts:AssumeRoleWithWebIdentity on ${roleArn}: ${decision.effect === 'explicit-deny' ? `denied by ${decision.statement}` : `no statement of its trust policy allows ${provider}`}`);
    }
    this.checkSessionDuration(role, options);
    return this.issueRoleCredentials(roleArn, options);
  }

  assumeRole(caller: Principal, roleArn: string, options: RoleSessionOptions & { externalId?: string }): { credentials: Credentials; user: AssumedRoleUser } {
    const role = this.role(roleArn);
    // As on AWS: the root's long-term keys never assume a role (the SDK's default local
    // credentials are the root's, so this is what a user meets first).
    if (caller.kind === 'root') throw new AssumeRoleDeniedError(roleArn, 'Roles may not be assumed by root accounts.');
    const accountId = LOCAL_ACCOUNT.accountId;
    const denied = () => new AssumeRoleDeniedError(roleArn, `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const context: ContextValues = { 'aws:principalarn': caller.roleArn ?? caller.arn, 'aws:principalaccount': accountId };
    if (options.externalId !== undefined) context['sts:externalid'] = options.externalId;
    const trustFor = (id: string) => role.trust.evaluate({ action: 'sts:AssumeRole', principal: { type: 'AWS', id }, context: (key) => context[key] });
    // A trust policy naming the caller (its role, or the session itself) lets it in by itself;
    // one naming the account delegates to the caller's own identity policies.
    const named = [caller.arn, caller.roleArn].filter((id): id is string => id !== undefined).map(trustFor);
    const account = [`arn:aws:iam::${accountId}:root`, accountId].map(trustFor);
    if ([...named, ...account].some((decision) => decision.effect === 'explicit-deny')) throw denied();
    const allowedByName = named.some((decision) => decision.effect === 'allow');
    const allowedByAccount = account.some((decision) => decision.effect === 'allow') && this.authorize(caller, { action: 'sts:AssumeRole', resource: roleArn }).allowed;
    if (!allowedByName && !allowedByAccount) throw denied();
    this.checkSessionDuration(role, options);
    return { credentials: this.issueRoleCredentials(roleArn, options), user: this.assumedRoleUser(roleArn, options.sessionName) };
  }

  assumedRoleUser(roleArn: string, sessionName: string): AssumedRoleUser {
    const role = this.role(roleArn);
    return { arn: `arn:aws:sts::${LOCAL_ACCOUNT.accountId}:assumed-role/${role.name}/${sessionName}`, assumedRoleId: `${role.roleId}:${sessionName}` };
  }

  registerWebIdentityIssuer(issuer: string, verify: WebIdentityVerifier): void {
    this.webIdentityIssuers.set(issuer, verify);
  }

  async verifyWebIdentity(token: string): Promise<VerifiedWebIdentity> {
    let issuer: unknown;
    try {
      issuer = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown }).iss;
    } catch {
      throw new WebIdentityTokenError(false, 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
    }
    const verify = typeof issuer === 'string' ? this.webIdentityIssuers.get(issuer.replace(/^https:\/\//, '')) : undefined;
    if (!verify) throw new WebIdentityTokenError(false, `No OpenIDConnect provider found in your account for ${String(issuer)}`);
    return verify(token);
  }

  /** A session may last up to the role's `MaxSessionDuration`: a RangeError with STS's message beyond it. */
  private checkSessionDuration(role: Role, options: RoleSessionOptions): void {
    if ((options.durationSeconds ?? 3600) > role.maxSessionSeconds) {
      throw new RangeError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
  }

  private role(roleArn: string): Role {
    const role = this.roles.get(roleArn);
    if (!role) throw new UnknownRoleError(roleArn, [...this.roles.keys()]);
    return role;
  }

  private sessionPrincipal(accessKeyId: string, sessionToken: string | undefined): Principal {
    const session = this.store.resolve(accessKeyId, sessionToken);
    let principal = this.principals.get(sessionToken!);
    if (!principal) {
      principal = this.buildPrincipal(session);
      if (this.principals.size >= 4096) this.principals.clear();
      this.principals.set(sessionToken!, principal);
    }
    return principal;
  }

  private buildPrincipal(session: Session): Principal {
    const accountId = LOCAL_ACCOUNT.accountId;
    // A role deleted from the backend since the credentials were issued still names itself.
    const role = this.roles.get(session.roleArn);
    const roleName = role?.name ?? session.roleArn.slice(session.roleArn.lastIndexOf('/') + 1);
    const userId = `${role?.roleId ?? 'AROA'}:${session.sessionName}`;
    const policyVariables: Record<string, string> = { 'aws:userid': userId };
    if (session.identityId) policyVariables[COGNITO_SUB] = session.identityId;
    for (const [key, value] of Object.entries(session.context ?? {})) if (typeof value === 'string') policyVariables[key] = value;
    return {
      kind: 'assumed-role',
      accessKeyId: session.accessKeyId,
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session.sessionName}`,
      roleArn: session.roleArn,
      roleName,
      sessionName: session.sessionName,
      identityId: session.identityId,
      userId,
      policyVariables,
      context: session.context,
    };
  }

  /** The request's condition keys, then the principal's, then the global ones computed on demand. */
  private contextLookup(principal: Principal, requestContext: AuthorizationRequest['context']): ContextLookup {
    let own = this.principalContexts.get(principal);
    if (!own) {
      own = {
        'aws:principalarn': principal.roleArn ?? principal.arn,
        'aws:principalaccount': principal.accountId,
        'aws:principaltype': principal.kind === 'root' ? 'Account' : 'AssumedRole',
        // The edge is plain HTTP on loopback standing in for AWS's HTTPS endpoints; clients that
        // use TLS on AWS reach it only because it is local. Saying "false" here would make every
        // CDK `enforceSSL` bucket policy deny everything. A service may override it per request.
        'aws:securetransport': 'true',
      };
      for (const [key, value] of Object.entries(principal.policyVariables)) own[key.toLowerCase()] = value;
      for (const [key, value] of Object.entries(principal.context ?? {})) own[key.toLowerCase()] = value;
      this.principalContexts.set(principal, own);
    }
    const principalValues = own;
    let requestValues: ContextValues | undefined;
    if (requestContext) {
      requestValues = {};
      for (const key in requestContext) requestValues[key.toLowerCase()] = requestContext[key];
    }
    return (key) => {
      const value = requestValues?.[key] ?? principalValues[key];
      if (value !== undefined) return value;
      if (key === 'aws:currenttime') return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (key === 'aws:epochtime') return String(Math.floor(this.now() / 1000));
      return undefined;
    };
  }
}

/**
 * The local IAM service. First in the start order: every other service authenticates
 * callers and authorizes actions through it.
 * @example
 * const iam = iamService();                       // root credentials test / test
 * const principal = iam.authenticate(signedRequestOf(request, body));
 * if (!iam.authorize(principal, { action: 's3:GetObject', resource: arn }).allowed) …
 */
export function iamService(options: IamOptions = {}): IamService {
  return new LocalIamService(options);
}

export { signedRequestOf, jsonProtocolAuthError, authFailureWording, accessDeniedMessage, authenticateRequest, authorizeRequest, restJsonAuthError } from './wire';
export { UnknownRoleError, StsError } from './errors';
export { SigV4Error, SigV4ErrorCode, AssumeRoleDeniedError } from './types';
export type { IamService, Principal, Credentials, SignedRequest, AuthorizationDecision, AuthorizationRequest } from './types';
