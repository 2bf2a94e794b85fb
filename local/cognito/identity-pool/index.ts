import { LOCAL_ACCOUNT } from '../../assembly';
import type { IamService } from '../../iam/types';
import { serveJsonService } from '../../kit';
import type { LocalService, ServiceContext } from '../../service';
import type { IdentityPoolCall } from './context';
import { InvalidParameterException, NotAuthorizedException } from './errors';
import { IdentityStore } from './identities';
import { FEDERATED_PROVIDER, OpenIdTokens } from './open-id-tokens';
import { IDENTITY_POOL_OPERATIONS } from './operations';
import { loadIdentityPools, type IdentityPool } from './pools';

/**
 * Cognito identity pools (`AWSCognitoIdentityService.*`): identities for guests and for
 * signed-in users, and their temporary credentials. Tokens are verified by the user pool
 * service (`cognito`), credentials issued and trust policies checked by `iam`.
 */
export interface CognitoIdentityServiceOptions {
  /** The clock (epoch ms): OpenID tokens' issue and expiry times and identities' dates. */
  now?: () => number;
}

class CognitoIdentityService implements LocalService {
  readonly name = 'cognito-identity';
  readonly resourceTypes = ['AWS::Cognito::IdentityPool', 'AWS::Cognito::IdentityPoolRoleAttachment'] as const;
  private pools = new Map<string, IdentityPool>();
  private identities?: IdentityStore;
  private readonly now: () => number;

  constructor(options: CognitoIdentityServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    this.pools = loadIdentityPools(context.assembly, context.log);
    if (this.pools.size === 0) return;
    const iam = context.services.get<IamService>('iam');
    this.identities = await IdentityStore.open(context.state, LOCAL_ACCOUNT.region, this.now);
    const identities = this.identities;
    const openIdTokens = await OpenIdTokens.open(context.state, this.now);
    // STS AssumeRoleWithWebIdentity accepts the pools' OpenID tokens (the basic flow).
    iam.registerWebIdentityIssuer(FEDERATED_PROVIDER, (token) => openIdTokens.verify(token));
    serveJsonService<IdentityPoolCall>({
      name: 'cognito-identity',
      targetPrefixes: ['AWSCognitoIdentityService'],
      contentType: 'application/x-amz-json-1.1',
      bodyLimit: 256 * 1024,
      registry: IDENTITY_POOL_OPERATIONS,
      context,
      bind: (call) => ({ ...call, pools: this.pools, identities, iam, openIdTokens, services: context.services }),
      // Cognito Identity answers validation and IAM refusals with its own types.
      errors: { validation: (message) => new InvalidParameterException(message), accessDenied: (message) => new NotAuthorizedException(message) },
    });
  }

  async stop(): Promise<void> {}

  summary(): string {
    if (this.pools.size === 0) return 'no identity pools';
    const guests = [...this.pools.values()].filter((pool) => pool.allowUnauthenticated).length;
    return `${this.pools.size} identity pool${this.pools.size > 1 ? 's' : ''} (${guests} with guests), ${this.identities?.size ?? 0} identities`;
  }
}

/**
 * The local Cognito identity pools service. Starts after `iam` (it issues credentials
 * through it) and after `cognito` (it verifies user-pool tokens with it).
 * @example
 * const services = [iamService(), cognitoService(), cognitoIdentityService()];
 */
export function cognitoIdentityService(options: CognitoIdentityServiceOptions = {}): LocalService {
  return new CognitoIdentityService(options);
}
