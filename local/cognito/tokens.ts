import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Logger } from '../reporter';
import { InvalidLambdaResponseException } from './errors';
import type { UserPoolClientConfig } from './pool-config';
import type { TriggerRunner } from './triggers';
import type { UserPool } from './user-pool';
import type { StoredSession, StoredUser } from './user-store';

/** The scope of tokens from the user pools API (not the hosted UI). */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Claims a pre token generation trigger may not change (Cognito keeps its own values). */
const PROTECTED_CLAIMS = new Set([
  'acr', 'amr', 'at_hash', 'aud', 'auth_time', 'azp', 'client_id', 'cognito:username', 'event_id', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'scope', 'sub', 'token_use', 'username', 'version',
]);

/** Attributes that are booleans in tokens (Cognito stores them as "true"/"false"). */
const BOOLEAN_CLAIMS = new Set(['email_verified', 'phone_number_verified']);

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  IdToken: string;
  RefreshToken?: string;
}

export interface IssueOptions {
  pool: UserPool;
  client: UserPoolClientConfig;
  user: StoredUser;
  /** `TokenGeneration_Authentication`, `TokenGeneration_NewPasswordChallenge`, `TokenGeneration_RefreshTokens`. */
  triggerSource: string;
  clientMetadata?: Record<string, string>;
  /** The session being refreshed; a sign-in starts a new one. */
  session?: StoredSession;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** SHA-256 of a refresh token: sessions are found by it, the token itself is never stored. */
export function refreshTokenHash(token: string): string {
  return sha256(token);
}

interface Customization {
  idClaims: Record<string, unknown>;
  suppressId: string[];
  accessClaims: Record<string, unknown>;
  suppressAccess: string[];
  scopesToAdd: string[];
  scopesToSuppress: string[];
  groups?: string[];
  roles?: string[];
  preferredRole?: string;
}

/**
 * Issues a pool's RS256 id and access tokens with Cognito's claims, runs the pre token
 * generation trigger (V1 shape, or V2/V3 when the pool asks for it), and keeps the
 * session a refresh token belongs to.
 */
export class TokenIssuer {
  constructor(
    private readonly issuerOf: (userPoolId: string) => string,
    private readonly triggers: TriggerRunner,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /**
   * Tokens for a user who just authenticated (a new session with a refresh token) or who
   * refreshes (the session's origin_jti, auth_time and event_id carry over).
   */
  async issue(options: IssueOptions): Promise<AuthenticationResult> {
    const { pool, client, user } = options;
    const now = Math.floor(this.now() / 1000);
    let refreshToken: string | undefined;
    let session = options.session;
    if (!session) {
      refreshToken = randomBytes(64).toString('base64url');
      session = {
        originJti: randomUUID(),
        eventId: randomUUID(),
        username: user.username,
        clientId: client.id,
        refreshTokenHash: refreshTokenHash(refreshToken),
        authTime: now,
        expiresAt: this.now() + client.refreshTokenValiditySeconds * 1000,
        revoked: false,
      };
    } else if (client.refreshTokenRotation.enabled) {
      refreshToken = randomBytes(64).toString('base64url');
      session = {
        ...session,
        previousRefreshTokenHash: session.refreshTokenHash,
        graceUntil: this.now() + client.refreshTokenRotation.retryGracePeriodSeconds * 1000,
        refreshTokenHash: refreshTokenHash(refreshToken),
      };
    }

    const groups = pool.groupsOf(user);
    const roles = groups.map((group) => group.roleArn).filter((arn): arn is string => arn !== undefined);
    const preferredRole = pool.preferredRole(groups);
    const custom = await this.customize(options, groups.map((g) => g.name), roles, preferredRole);
    const groupNames = custom.groups ?? groups.map((group) => group.name);
    const roleArns = custom.roles ?? roles;
    const preferred = custom.groups || custom.roles ? custom.preferredRole : preferredRole;
    const iss = this.issuerOf(pool.id);
    const revocable = client.enableTokenRevocation;

    const idClaims: Record<string, unknown> = { sub: user.attributes.sub };
    if (groupNames.length > 0) idClaims['cognito:groups'] = groupNames;
    for (const attribute of pool.readableAttributes(user, client)) {
      if (attribute.Name === 'sub') continue;
      idClaims[attribute.Name] = BOOLEAN_CLAIMS.has(attribute.Name) ? attribute.Value === 'true' : attribute.Value;
    }
    Object.assign(idClaims, {
      iss,
      'cognito:username': user.username,
      ...(revocable && { origin_jti: session.originJti }),
      ...(roleArns.length > 0 && { 'cognito:roles': roleArns }),
      ...(preferred && { 'cognito:preferred_role': preferred }),
      aud: client.id,
      event_id: session.eventId,
      token_use: 'id',
      auth_time: session.authTime,
      exp: now + client.idTokenValiditySeconds,
      iat: now,
      jti: randomUUID(),
    });
    this.apply(idClaims, custom.idClaims, custom.suppressId);

    const scopes = [ADMIN_SCOPE, ...custom.scopesToAdd].filter((scope, index, all) => all.indexOf(scope) === index && !custom.scopesToSuppress.includes(scope));
    const accessClaims: Record<string, unknown> = {
      sub: user.attributes.sub,
      ...(groupNames.length > 0 && { 'cognito:groups': groupNames }),
      iss,
      client_id: client.id,
      ...(revocable && { origin_jti: session.originJti }),
      event_id: session.eventId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: session.authTime,
      exp: now + client.accessTokenValiditySeconds,
      iat: now,
      jti: randomUUID(),
      username: user.username,
    };
    this.apply(accessClaims, custom.accessClaims, custom.suppressAccess);

    const header = { kid: pool.key.kid, alg: 'RS256' };
    const [AccessToken, IdToken] = await Promise.all([
      new SignJWT(accessClaims).setProtectedHeader(header).sign(pool.key.privateKey),
      new SignJWT(idClaims).setProtectedHeader(header).sign(pool.key.privateKey),
    ]);
    pool.store.putSession(session);
    return { AccessToken, ExpiresIn: client.accessTokenValiditySeconds, TokenType: 'Bearer', IdToken, ...(refreshToken && { RefreshToken: refreshToken }) };
  }

  private apply(claims: Record<string, unknown>, add: Record<string, unknown>, suppress: readonly string[]): void {
    for (const [name, value] of Object.entries(add)) {
      if (PROTECTED_CLAIMS.has(name)) {
        this.log.warn(`pre token generation tried to set the claim ${name}; Cognito does not allow it, so it is ignored`);
        continue;
      }
      claims[name] = value;
    }
    for (const name of suppress) {
      if (PROTECTED_CLAIMS.has(name)) {
        this.log.warn(`pre token generation tried to suppress the claim ${name}; Cognito does not allow it, so it is kept`);
        continue;
      }
      delete claims[name];
    }
  }

  private async customize(options: IssueOptions, groups: string[], roles: string[], preferredRole: string | undefined): Promise<Customization> {
    const none: Customization = { idClaims: {}, suppressId: [], accessClaims: {}, suppressAccess: [], scopesToAdd: [], scopesToSuppress: [] };
    const { pool, client, user } = options;
    const version = pool.config.preTokenGenerationVersion;
    const groupConfiguration = { groupsToOverride: groups, iamRolesToOverride: roles, preferredRole: preferredRole ?? null };
    const request: Record<string, unknown> = { userAttributes: { ...user.attributes, 'cognito:user_status': user.status }, groupConfiguration };
    if (version !== '1') request.scopes = [ADMIN_SCOPE];
    if (options.clientMetadata) request.clientMetadata = options.clientMetadata;
    const response = await this.triggers.run(pool.config, {
      trigger: 'PreTokenGeneration',
      triggerSource: options.triggerSource,
      userName: user.username,
      clientId: client.id,
      version,
      request,
      response: version === '1' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
    });
    if (!response) return none;
    const object = (value: unknown, what: string): Record<string, unknown> => {
      if (value === undefined || value === null) return {};
      if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidLambdaResponseException(`Invalid lambda response: ${what} must be an object`);
      return value as Record<string, unknown>;
    };
    const list = (value: unknown, what: string): string[] => {
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new InvalidLambdaResponseException(`Invalid lambda response: ${what} must be a list of strings`);
      return value as string[];
    };
    const overrideGroups = (details: Record<string, unknown>, out: Customization) => {
      if (details.groupsToOverride !== undefined && details.groupsToOverride !== null) out.groups = list(details.groupsToOverride, 'groupsToOverride');
      if (details.iamRolesToOverride !== undefined && details.iamRolesToOverride !== null) out.roles = list(details.iamRolesToOverride, 'iamRolesToOverride');
      if (typeof details.preferredRole === 'string') out.preferredRole = details.preferredRole;
    };
    const out = { ...none };
    if (version === '1') {
      const details = object(response.claimsOverrideDetails, 'claimsOverrideDetails');
      out.idClaims = object(details.claimsToAddOrOverride, 'claimsToAddOrOverride');
      out.suppressId = list(details.claimsToSuppress, 'claimsToSuppress');
      overrideGroups(object(details.groupOverrideDetails, 'groupOverrideDetails'), out);
      for (const [name, value] of Object.entries(out.idClaims)) {
        // V1 claims are strings (V2 allows structured values).
        if (typeof value !== 'string') throw new InvalidLambdaResponseException(`Invalid lambda response: claimsToAddOrOverride.${name} must be a string in a V1_0 pre token generation response`);
      }
      return out;
    }
    const details = object(response.claimsAndScopeOverrideDetails, 'claimsAndScopeOverrideDetails');
    const idToken = object(details.idTokenGeneration, 'idTokenGeneration');
    const accessToken = object(details.accessTokenGeneration, 'accessTokenGeneration');
    out.idClaims = object(idToken.claimsToAddOrOverride, 'idTokenGeneration.claimsToAddOrOverride');
    out.suppressId = list(idToken.claimsToSuppress, 'idTokenGeneration.claimsToSuppress');
    out.accessClaims = object(accessToken.claimsToAddOrOverride, 'accessTokenGeneration.claimsToAddOrOverride');
    out.suppressAccess = list(accessToken.claimsToSuppress, 'accessTokenGeneration.claimsToSuppress');
    out.scopesToAdd = list(accessToken.scopesToAdd, 'scopesToAdd');
    out.scopesToSuppress = list(accessToken.scopesToSuppress, 'scopesToSuppress');
    overrideGroups(object(details.groupOverrideDetails, 'groupOverrideDetails'), out);
    return out;
  }
}
