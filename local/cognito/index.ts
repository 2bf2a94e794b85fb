import type { ServerResponse } from 'node:http';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { JsonProtocolService, JsonServiceError, type JsonOperation } from '../edge/json-protocol';
import { NotImplementedFailure } from '../kit';
import type { IamService } from '../iam/types';
import { authenticateRequest } from '../iam/wire';
import type { Logger } from '../reporter';
import type { ServiceContext } from '../service';
import { ChallengeSessions } from './challenges';
import { OperationCall, type CognitoContext } from './context';
import { CustomSenders } from './custom-senders';
import { Mailer } from './messages';
import { COGNITO_OPERATIONS } from './operations';
import { readUserPools, USER_POOL_RESOURCE_TYPES } from './pool-config';
import { SigningKeys } from './signing-keys';
import { checkToken, TokenCheckError } from './token-verification';
import { TokenIssuer, type AuthenticationResult } from './tokens';
import { TriggerRunner } from './triggers';
import { NotAuthorizedException, ResourceNotFoundException, UserNotConfirmedException, UserNotFoundException } from './errors';
import { TokenVerificationError, type CognitoService, type JwtClaims } from './types';
import { UserPool } from './user-pool';
import { UserStore, type OutboxMessage } from './user-store';

export interface CognitoOptions {
  /** The clock (epoch ms); tests move it to expire codes, tokens and lockouts. */
  now?: () => number;
}

/** The local user pools service, with the outbox of messages it "sent". */
export interface LocalCognitoService extends CognitoService {
  /**
   * The messages the pools would have emailed or texted (codes, invitations), oldest first;
   * one pool's when `userPoolId` is given. Also served at `GET /_flare/cognito/outbox`.
   * @example
   * const [message] = cognito.outbox(poolId).filter((m) => m.to === 'ann@example.com' && m.kind === 'SignUp');
   */
  outbox(userPoolId?: string): OutboxMessage[];
  /**
   * Tokens for a confirmed, enabled user as a sign-in through `clientId` (default: the pool's
   * first client) would issue them, pre token generation trigger included, without their
   * password: the console's "act as this user". No AWS API does this; it is offered only
   * in-process. Throws ResourceNotFoundException, UserNotFoundException, NotAuthorizedException
   * (disabled) or UserNotConfirmedException.
   */
  issueTokensFor(userPoolId: string, username: string, clientId?: string): Promise<AuthenticationResult>;
}

const WELL_KNOWN = /^\/([a-z]{2}(?:-[a-z]+)+-\d_[A-Za-z0-9]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;
const OUTBOX_PATH = '/_flare/cognito/outbox';
const REGEX_CACHE_LIMIT = 256;
/** Tokens whose signature was verified, by their text: a repeat skips decoding and RSA. */
const VERIFIED_CACHE_LIMIT = 2048;

interface VerifiedToken {
  claims: Record<string, unknown>;
  pool: UserPool;
  exp: number;
}

/**
 * Cognito user pools: the `AWSCognitoIdentityProviderService` JSON API (SRP sign-in, codes,
 * tokens, admin operations), each pool's JWKS and OpenID configuration, and `verifyToken`
 * for the services that accept user-pool tokens.
 */
class LocalCognito implements LocalCognitoService {
  readonly name = 'cognito' as const;
  readonly resourceTypes = USER_POOL_RESOURCE_TYPES;
  private readonly now: () => number;
  private readonly pools = new Map<string, UserPool>();
  private readonly poolsByIssuer = new Map<string, UserPool>();
  private readonly clientRegexes = new Map<string, RegExp>();
  private readonly verified = new Map<string, VerifiedToken>();
  private endpoint = '';
  private log?: Logger;
  private tokens?: TokenIssuer;

  constructor(options: CognitoOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    this.endpoint = context.endpoint;
    this.log = context.log;
    const definitions = readUserPools(context.assembly, context.log);
    if (definitions.pools.length === 0) return;
    const keys = await SigningKeys.open(context.state);
    for (const config of definitions.pools) {
      const [store, key] = await Promise.all([
        UserStore.open({ userPoolId: config.id, state: context.state, caseSensitive: config.caseSensitive, usernameAttributes: config.usernameAttributes, aliasAttributes: config.aliasAttributes }),
        keys.forPool(config.id),
      ]);
      const pool = new UserPool(config, store, key, this.now);
      this.pools.set(config.id, pool);
      this.poolsByIssuer.set(this.issuer(config.id), pool);
    }
    for (const client of definitions.clients) this.pools.get(client.userPoolId)!.clients.set(client.id, client);
    for (const pool of this.pools.values()) pool.loadGroups(definitions.groups.filter((group) => group.userPoolId === pool.id));
    this.announceGaps(context);

    const triggers = new TriggerRunner(context.services, context.log);
    const shared: CognitoContext = {
      pools: this.pools,
      poolOfClient: new Map([...this.pools.values()].flatMap((pool) => [...pool.clients.keys()].map((id) => [id, pool] as const))),
      poolByIssuer: (iss) => this.poolsByIssuer.get(iss),
      tokens: new TokenIssuer((id) => this.issuer(id), triggers, this.now, context.log),
      mailer: new Mailer(triggers, new CustomSenders(triggers, context.services, context.endpoint), context.log, this.now),
      triggers,
      challenges: new ChallengeSessions(this.now),
      services: context.services,
      log: context.log,
      now: this.now,
    };
    this.tokens = shared.tokens;
    const run = (name: string): JsonOperation => (input, call) => {
      let operation;
      try {
        operation = COGNITO_OPERATIONS.resolve(name);
      } catch (error) {
        if (error instanceof NotImplementedFailure) throw new JsonServiceError('UnknownOperationException', error.message);
        throw error;
      }
      return operation.handle(input, new OperationCall(shared, name, call));
    };
    const operations = Object.fromEntries(COGNITO_OPERATIONS.names().map((name) => [name, run(name)]));
    const protocol = new JsonProtocolService({
      name: 'cognito',
      targetPrefixes: ['AWSCognitoIdentityProviderService'],
      contentType: 'application/x-amz-json-1.1',
      operations,
      log: context.log,
      bodyLimit: 256 * 1024,
      authenticate: (request, body, operation) => {
        if (!COGNITO_OPERATIONS.signed(operation)) return undefined;
        const iam = context.services.find<IamService>('iam');
        return iam ? authenticateRequest(iam, request, body) : undefined;
      },
    });
    context.edge.addRoute(protocol.route());
    context.edge.addRoute(this.wellKnownRoute());
    context.edge.addRoute(this.outboxRoute());
  }

  /** Says at start what cannot work as declared, rather than failing later without context. */
  private announceGaps(context: ServiceContext): void {
    if (!context.services.find('iam')) {
      context.log.warn('the local IAM service is not running: admin operations (Admin*, List*) are accepted without SigV4 verification or policy checks');
    }
    for (const pool of this.pools.values()) {
      for (const setting of pool.config.unsupported) context.log.warn(`user pool ${pool.id} declares ${setting}`);
    }
    if (context.services.find('lambda')) return;
    for (const pool of this.pools.values()) {
      for (const [trigger, arn] of Object.entries(pool.config.triggers)) {
        context.log.warn(`trigger ${trigger} declared on ${pool.id} (${arn}) but the local Lambda service is not running: operations that fire it will fail`);
      }
    }
  }

  async stop(): Promise<void> {
    this.verified.clear();
    await Promise.all([...this.pools.values()].map((pool) => pool.store.save()));
  }

  summary(): string {
    if (this.pools.size === 0) return 'no user pools';
    const users = [...this.pools.values()].reduce((sum, pool) => sum + pool.store.size, 0);
    const clients = [...this.pools.values()].reduce((sum, pool) => sum + pool.clients.size, 0);
    const ids = [...this.pools.keys()].join(', ');
    return `${this.pools.size} user pool${this.pools.size > 1 ? 's' : ''} (${ids}), ${clients} app client${clients === 1 ? '' : 's'}, ${users} user${users === 1 ? '' : 's'}; codes at ${this.endpoint}${OUTBOX_PATH}`;
  }

  issuer(userPoolId: string): string {
    return `${this.endpoint}/${userPoolId}`;
  }

  async verifyToken(token: string, expect: { userPoolId: string; clientIdRegex?: string }): Promise<JwtClaims> {
    const now = Math.floor(this.now() / 1000);
    let verified = this.verified.get(token);
    if (!verified) {
      try {
        const decoded = checkToken(token, (iss) => this.poolsByIssuer.get(iss), now);
        verified = { claims: decoded.claims, pool: decoded.pool, exp: decoded.claims.exp as number };
      } catch (error) {
        if (error instanceof TokenCheckError) throw new TokenVerificationError(error.message);
        throw error;
      }
      if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, verified);
    } else if (verified.exp <= now) {
      // The signature was good; time has passed since.
      this.verified.delete(token);
      throw new TokenVerificationError('Token has expired');
    }
    const { claims, pool } = verified;
    if (pool.id !== expect.userPoolId) throw new TokenVerificationError(`Token was issued by user pool ${pool.id}, not ${expect.userPoolId}`);
    if (expect.clientIdRegex !== undefined) {
      const clientId = claims.token_use === 'id' ? claims.aud : claims.client_id;
      if (typeof clientId !== 'string' || !this.clientRegex(expect.clientIdRegex).test(clientId)) {
        throw new TokenVerificationError(`Token was issued to app client ${JSON.stringify(clientId)}, which does not match ${expect.clientIdRegex}`);
      }
    }
    // A copy: callers may annotate what they get without touching the cache.
    return { ...claims } as JwtClaims;
  }

  private clientRegex(source: string): RegExp {
    let regex = this.clientRegexes.get(source);
    if (!regex) {
      if (this.clientRegexes.size >= REGEX_CACHE_LIMIT) this.clientRegexes.clear();
      regex = new RegExp(source);
      this.clientRegexes.set(source, regex);
    }
    return regex;
  }

  outbox(userPoolId?: string): OutboxMessage[] {
    const pools = userPoolId === undefined ? [...this.pools.values()] : [this.pools.get(userPoolId)].filter((pool): pool is UserPool => pool !== undefined);
    return pools.flatMap((pool) => pool.store.outbox().map((message) => ({ ...message }))).sort((a, b) => a.at.localeCompare(b.at));
  }

  async issueTokensFor(userPoolId: string, username: string, clientId?: string): Promise<AuthenticationResult> {
    const pool = this.pools.get(userPoolId);
    if (!pool || !this.tokens) throw new ResourceNotFoundException(`User pool ${userPoolId} does not exist.`);
    const client = clientId === undefined ? pool.clients.values().next().value : pool.clients.get(clientId);
    if (!client) throw new ResourceNotFoundException(clientId === undefined ? `User pool ${userPoolId} has no app client.` : `User pool client ${clientId} does not exist.`);
    const user = pool.store.find(username);
    if (!user) throw new UserNotFoundException();
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
    const result = await this.tokens.issue({ pool, client, user, triggerSource: 'TokenGeneration_Authentication' });
    await pool.store.save();
    return result;
  }

  private wellKnownRoute(): EdgeRoute {
    return {
      name: 'cognito well-known',
      match: (request) => request.method === 'GET' && WELL_KNOWN.test(request.path),
      handle: (request, response) => {
        const [, poolId, document] = WELL_KNOWN.exec(request.path)!;
        const pool = this.pools.get(poolId);
        if (!pool) {
          sendJson(response, 404, { message: `User pool ${poolId} does not exist.` });
          return;
        }
        if (document === 'jwks.json') {
          sendJson(response, 200, { keys: [pool.key.publicJwk] });
          return;
        }
        const issuer = this.issuer(poolId);
        // The hosted UI's OAuth endpoints are not served locally, so they are not advertised.
        sendJson(response, 200, {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          response_types_supported: ['code', 'token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'email', 'phone', 'profile'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        });
      },
    };
  }

  private outboxRoute(): EdgeRoute {
    return {
      name: 'cognito outbox',
      match: (request: EdgeRequest) => request.path === OUTBOX_PATH,
      handle: (request, response) => {
        if (request.method !== 'GET') {
          sendJson(response, 405, { message: `Use GET ${OUTBOX_PATH}[?userPoolId=…&to=…]` });
          return;
        }
        const userPoolId = request.url.searchParams.get('userPoolId') ?? undefined;
        const to = request.url.searchParams.get('to')?.toLowerCase();
        const messages = this.outbox(userPoolId).filter((message) => to === undefined || message.to.toLowerCase() === to);
        sendJson(response, 200, { messages });
      },
    };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'cache-control': 'no-store' }).end(payload);
}

/**
 * The local Cognito user pools service. Starts after `iam` (admin calls are SigV4-checked
 * through it) and `lambda` (triggers run there), before `appsync` and `cognito-identity`
 * (which verify its tokens).
 * @example
 * const cloud = await startLocalCloud({ projectDir, services: [iamService(), cognitoService()] });
 * const cognito = cloud.services.get<LocalCognitoService>('cognito');
 * const claims = await cognito.verifyToken(idToken, { userPoolId });
 */
export function cognitoService(options: CognitoOptions = {}): LocalCognitoService {
  return new LocalCognito(options);
}

export { TokenVerificationError, type CognitoService, type JwtClaims } from './types';
export type { OutboxMessage } from './user-store';
