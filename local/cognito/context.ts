import { createHmac, timingSafeEqual } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';
import type { JsonCall } from '../edge/json-protocol';
import type { IamService, Principal } from '../iam/types';
import { accessDeniedMessage } from '../iam/wire';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import { AccessDeniedException, NotAuthorizedException, ResourceNotFoundException, UserNotFoundException } from './errors';
import { requireString, requireUsername, type Input } from './input';
import type { Mailer } from './messages';
import type { UserPoolClientConfig } from './pool-config';
import type { ChallengeSessions } from './challenges';
import { checkToken, TokenCheckError } from './token-verification';
import { ADMIN_SCOPE, type TokenIssuer } from './tokens';
import type { TriggerRunner } from './triggers';
import type { UserPool } from './user-pool';
import type { StoredSession, StoredUser } from './user-store';

/** Everything the operations share: pools, clients, tokens, triggers, outbox, clock. */
export interface CognitoContext {
  pools: ReadonlyMap<string, UserPool>;
  /** App client id → its pool. */
  poolOfClient: ReadonlyMap<string, UserPool>;
  poolByIssuer(iss: string): UserPool | undefined;
  tokens: TokenIssuer;
  mailer: Mailer;
  triggers: TriggerRunner;
  challenges: ChallengeSessions;
  services: ServiceRegistry;
  log: Logger;
  /** Epoch milliseconds; tests move it. */
  now(): number;
}

/** The user an access token belongs to, for the user operations (GetUser, ChangePassword…). */
export interface TokenUser {
  pool: UserPool;
  user: StoredUser;
  claims: Record<string, unknown>;
  session?: StoredSession;
  client?: UserPoolClientConfig;
}

/**
 * One operation call: the shared context plus the helpers every operation needs to
 * resolve its app client, pool or access token the way Cognito does.
 */
export class OperationCall {
  constructor(
    readonly cognito: CognitoContext,
    readonly operation: string,
    readonly call: JsonCall,
  ) {}

  get log(): Logger {
    return this.call.log;
  }

  now(): number {
    return this.cognito.now();
  }

  /** The app client named by `ClientId`, and its pool. */
  client(input: Input): { pool: UserPool; client: UserPoolClientConfig } {
    const clientId = requireString(input, 'ClientId');
    const pool = this.cognito.poolOfClient.get(clientId);
    const client = pool?.clients.get(clientId);
    if (!pool || !client) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
    return { pool, client };
  }

  /**
   * For clients with a secret: checks `SECRET_HASH` = Base64(HMAC-SHA256(secret, username ‖ clientId)).
   */
  checkSecretHash(client: UserPoolClientConfig, username: string, secretHash: string | undefined): void {
    if (!client.secret) return;
    if (!secretHash) throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
    const expected = createHmac('sha256', client.secret).update(`${username}${client.id}`).digest();
    const given = Buffer.from(secretHash, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
    }
  }

  /**
   * The pool of an IAM-authorized (admin) operation: `UserPoolId` must name a pool, and the
   * signer's policies must allow `cognito-idp:<Operation>` on its ARN.
   */
  adminPool(input: Input): UserPool {
    const userPoolId = requireString(input, 'UserPoolId');
    const pool = this.cognito.pools.get(userPoolId);
    // A pool that does not exist is still authorized first, as AWS checks access before existence.
    this.authorize(pool?.config.arn ?? `arn:aws:cognito-idp:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:userpool/${userPoolId}`);
    if (!pool) throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
    return pool;
  }

  /** For account-wide operations (ListUserPools): the signer's policies must allow `cognito-idp:<Operation>` on `*`. */
  adminAccount(): void {
    this.authorize('*');
  }

  private authorize(resource: string): void {
    const principal = this.call.principal as Principal | undefined;
    const iam = this.cognito.services.find<IamService>('iam');
    // No IAM service in this local cloud: admin calls cannot be checked (logged once at start).
    if (!iam || !principal) return;
    const request = { action: `cognito-idp:${this.operation}`, resource };
    const decision = iam.authorize(principal, request);
    if (!decision.allowed) {
      this.log.warn(`denied ${request.action} on ${resource} to ${principal.arn} (${decision.reason})`);
      throw new AccessDeniedException(accessDeniedMessage(principal, request, decision));
    }
  }

  /** An admin operation's user by `Username` (or alias), else UserNotFoundException. */
  adminUser(pool: UserPool, input: Input): StoredUser {
    const user = pool.store.find(requireUsername(input));
    if (!user) throw new UserNotFoundException();
    return user;
  }

  /**
   * The signed-in user of an `AccessToken`, checked as Cognito's own user operations check
   * it: signature, expiry, `token_use`, the admin scope, and revocation (unlike verifyToken,
   * which other services use and which does not consult revocation).
   */
  tokenUser(input: Input): TokenUser {
    const token = requireString(input, 'AccessToken');
    let decoded;
    try {
      decoded = checkToken(token, (iss) => this.cognito.poolByIssuer(iss), Math.floor(this.now() / 1000));
    } catch (error) {
      if (error instanceof TokenCheckError) {
        throw new NotAuthorizedException(error.problem === 'expired' ? 'Access Token has expired' : 'Invalid Access Token');
      }
      throw error;
    }
    const { pool, claims } = decoded;
    if (claims.token_use !== 'access') throw new NotAuthorizedException('Invalid Access Token');
    if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(ADMIN_SCOPE)) throw new NotAuthorizedException('Access Token does not have required scopes');
    const session = typeof claims.origin_jti === 'string' ? pool.store.session(claims.origin_jti) : undefined;
    if (session?.revoked) throw new NotAuthorizedException('Access Token has been revoked');
    const user = typeof claims.username === 'string' ? pool.store.get(claims.username) : undefined;
    if (!user || user.attributes.sub !== claims.sub) throw new UserNotFoundException();
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    const client = typeof claims.client_id === 'string' ? pool.clients.get(claims.client_id) : undefined;
    return { pool, user, claims, session, client };
  }
}

/** An operation of the user pools API. */
export type CognitoOperation = (input: Input, call: OperationCall) => Promise<unknown> | unknown;
