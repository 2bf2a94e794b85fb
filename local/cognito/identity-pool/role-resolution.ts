import { InvalidIdentityPoolConfigurationException, NotAuthorizedException } from './errors';
import type { VerifiedLogin } from './logins';
import type { IdentityPool, RoleMapping } from './pools';

/**
 * The role an authenticated identity gets
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html):
 * with a Token role mapping for the login's provider, the CustomRoleArn when the token's
 * `cognito:roles` lists it, else `cognito:preferred_role` (the role of the user's group with
 * the best precedence), else the only role in `cognito:roles`; with a Rules mapping, the
 * first rule whose claim matches. When that decides nothing, AmbiguousRoleResolution says
 * whether to fall back to the pool's authenticated role or to deny. Without a mapping, the
 * authenticated role.
 */
export function resolveAuthenticatedRole(pool: IdentityPool, login: VerifiedLogin, customRoleArn: string | undefined): string {
  const mapping = pool.roleMappings.get(`${login.provider.providerName}:${login.provider.clientId}`);
  const chosen = mapping ? fromMapping(mapping, login, customRoleArn) : undefined;
  if (chosen) return chosen;
  if (mapping?.ambiguousRoleResolution === 'Deny') {
    throw new NotAuthorizedException(`The ambiguous role mapping rules for: ${mapping.identityProvider} denied this request.`);
  }
  if (!pool.roles.authenticated) throw new InvalidIdentityPoolConfigurationException();
  return pool.roles.authenticated;
}

export function resolveUnauthenticatedRole(pool: IdentityPool): string {
  if (!pool.roles.unauthenticated) throw new InvalidIdentityPoolConfigurationException();
  return pool.roles.unauthenticated;
}

function fromMapping(mapping: RoleMapping, login: VerifiedLogin, customRoleArn: string | undefined): string | undefined {
  if (mapping.type === 'Token') {
    const roles = Array.isArray(login.claims['cognito:roles']) ? (login.claims['cognito:roles'] as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    if (customRoleArn !== undefined) {
      if (!roles.includes(customRoleArn)) {
        throw new NotAuthorizedException(`The role ${customRoleArn} is not one of the roles the token grants (cognito:roles).`);
      }
      return customRoleArn;
    }
    const preferred = login.claims['cognito:preferred_role'];
    if (typeof preferred === 'string' && preferred !== '') return preferred;
    return roles.length === 1 ? roles[0] : undefined;
  }
  for (const rule of mapping.rules) {
    const claim = login.claims[rule.claim];
    const values = Array.isArray(claim) ? claim.map(String) : claim === undefined ? [] : [String(claim)];
    const matched =
      rule.matchType === 'Equals' ? values.includes(rule.value)
      : rule.matchType === 'Contains' ? values.some((value) => value.includes(rule.value))
      : rule.matchType === 'StartsWith' ? values.some((value) => value.startsWith(rule.value))
      : values.length > 0 && !values.includes(rule.value);
    if (matched) return rule.roleArn;
  }
  return undefined;
}
