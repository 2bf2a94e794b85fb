import type { CloudAssembly } from '../../assembly';
import type { Logger } from '../../reporter';

/** How a role mapping of an identity pool picks a role (AWS::Cognito::IdentityPoolRoleAttachment RoleMapping). */
export interface RoleMapping {
  /** `cognito-idp.<region>.amazonaws.com/<userPoolId>:<clientId>`. */
  identityProvider: string;
  type: 'Token' | 'Rules';
  ambiguousRoleResolution: 'AuthenticatedRole' | 'Deny';
  rules: { claim: string; matchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual'; value: string; roleArn: string }[];
}

/** A user pool app client the identity pool accepts tokens from. */
export interface CognitoProvider {
  /** `cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  providerName: string;
  userPoolId: string;
  clientId: string;
}

export interface IdentityPool {
  id: string;
  name: string;
  allowUnauthenticated: boolean;
  /** `AllowClassicFlow`: the basic flow (GetOpenIdToken, then STS) is refused only when it is explicitly false, as on AWS. */
  classicFlow: boolean;
  providers: CognitoProvider[];
  /** Social and OIDC providers the pool names; the local cloud cannot verify their tokens. */
  otherProviders: string[];
  roles: { authenticated?: string; unauthenticated?: string };
  /** By identity provider (`cognito-idp…/<pool>:<client>`). */
  roleMappings: Map<string, RoleMapping>;
  arn: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The identity pools of the assembly with their role attachments. */
export function loadIdentityPools(assembly: CloudAssembly, log: Logger): Map<string, IdentityPool> {
  const pools = new Map<string, IdentityPool>();
  for (const resource of assembly.ofType('AWS::Cognito::IdentityPool')) {
    const props = resource.properties();
    const id = resource.ref();
    const providers: CognitoProvider[] = [];
    for (const provider of (Array.isArray(props.CognitoIdentityProviders) ? props.CognitoIdentityProviders : []) as Record<string, unknown>[]) {
      const providerName = String(provider.ProviderName ?? '');
      const userPoolId = providerName.slice(providerName.indexOf('/') + 1);
      providers.push({ providerName, userPoolId, clientId: String(provider.ClientId ?? '') });
    }
    const otherProviders = [
      ...Object.keys((props.SupportedLoginProviders as Record<string, unknown> | undefined) ?? {}),
      ...strings(props.OpenIdConnectProviderARNs),
      ...strings(props.SamlProviderARNs),
    ];
    if (otherProviders.length > 0) {
      log.warn(`Identity pool ${id}: logins through ${otherProviders.join(', ')} cannot be verified locally and are refused; user-pool logins and guests work.`);
    }
    pools.set(id, {
      id,
      name: String(props.IdentityPoolName ?? resource.logicalId),
      allowUnauthenticated: props.AllowUnauthenticatedIdentities === true || props.AllowUnauthenticatedIdentities === 'true',
      classicFlow: props.AllowClassicFlow !== false && props.AllowClassicFlow !== 'false',
      providers,
      otherProviders,
      roles: {},
      roleMappings: new Map(),
      arn: `arn:aws:cognito-identity:${id.split(':')[0]}:000000000000:identitypool/${id}`,
    });
  }
  for (const resource of assembly.ofType('AWS::Cognito::IdentityPoolRoleAttachment')) {
    const props = resource.properties();
    const pool = pools.get(String(props.IdentityPoolId));
    if (!pool) {
      log.warn(`${resource.cdkPath}: identity pool ${String(props.IdentityPoolId)} is not in the assembly; its roles are ignored.`);
      continue;
    }
    const roles = (props.Roles ?? {}) as Record<string, unknown>;
    pool.roles = {
      authenticated: typeof roles.authenticated === 'string' ? roles.authenticated : undefined,
      unauthenticated: typeof roles.unauthenticated === 'string' ? roles.unauthenticated : undefined,
    };
    for (const mapping of Object.values((props.RoleMappings ?? {}) as Record<string, Record<string, unknown>>)) {
      const rules = ((mapping.RulesConfiguration as { Rules?: Record<string, unknown>[] } | undefined)?.Rules ?? []).map((rule) => ({
        claim: String(rule.Claim),
        matchType: String(rule.MatchType) as RoleMapping['rules'][number]['matchType'],
        value: String(rule.Value),
        roleArn: String(rule.RoleARN ?? rule.RoleArn),
      }));
      const identityProvider = String(mapping.IdentityProvider);
      pool.roleMappings.set(identityProvider, {
        identityProvider,
        type: mapping.Type === 'Rules' ? 'Rules' : 'Token',
        ambiguousRoleResolution: mapping.AmbiguousRoleResolution === 'Deny' ? 'Deny' : 'AuthenticatedRole',
        rules,
      });
    }
  }
  return pools;
}
