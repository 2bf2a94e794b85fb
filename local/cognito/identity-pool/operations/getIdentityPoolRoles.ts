import type { JsonOperation } from '../../../edge/json-protocol';
import type { Principal } from '../../../iam/types';
import { accessDeniedMessage } from '../../../iam/wire';
import { requirePool, type IdentityPoolContext } from '../context';
import { NotAuthorizedException } from '../errors';

/** GetIdentityPoolRoles: the pool's roles and role mappings, for callers with AWS credentials allowed `cognito-identity:GetIdentityPoolRoles`. */
export const getIdentityPoolRoles = (context: IdentityPoolContext): JsonOperation => (input, call) => {
  const pool = requirePool(context, input);
  const principal = call.principal as Principal;
  const request = { action: 'cognito-identity:GetIdentityPoolRoles', resource: pool.arn };
  const decision = context.iam.authorize(principal, request);
  if (!decision.allowed) throw new NotAuthorizedException(accessDeniedMessage(principal, request, decision));
  const roles: Record<string, string> = {};
  if (pool.roles.authenticated) roles.authenticated = pool.roles.authenticated;
  if (pool.roles.unauthenticated) roles.unauthenticated = pool.roles.unauthenticated;
  const mappings = Object.fromEntries(
    [...pool.roleMappings.values()].map((mapping) => [
      mapping.identityProvider,
      {
        Type: mapping.type,
        AmbiguousRoleResolution: mapping.ambiguousRoleResolution,
        ...(mapping.type === 'Rules'
          ? { RulesConfiguration: { Rules: mapping.rules.map((rule) => ({ Claim: rule.claim, MatchType: rule.matchType, Value: rule.value, RoleARN: rule.roleArn })) } }
          : {}),
      },
    ]),
  );
  return { IdentityPoolId: pool.id, Roles: roles, ...(pool.roleMappings.size > 0 ? { RoleMappings: mappings } : {}) };
};
