import type { GetIdentityPoolRolesInput, GetIdentityPoolRolesResponse, RoleMapping } from '@aws-sdk/client-cognito-identity';
import { defineOperation } from '../../../kit';
import { poolNamed, type IdentityPoolCall } from '../context';
import { IDENTITY_ID } from './members';

/** GetIdentityPoolRoles: the pool's roles and role mappings, for callers allowed `cognito-identity:GetIdentityPoolRoles`. */
export const getIdentityPoolRoles = defineOperation<GetIdentityPoolRolesInput, GetIdentityPoolRolesResponse, IdentityPoolCall>({
  name: 'GetIdentityPoolRoles',
  input: { type: 'structure', members: { IdentityPoolId: { ...IDENTITY_ID, required: true } } },
  handle(input, call) {
    const pool = poolNamed(call, input.IdentityPoolId);
    call.authorize(pool.arn);
    const roles: Record<string, string> = {};
    if (pool.roles.authenticated) roles.authenticated = pool.roles.authenticated;
    if (pool.roles.unauthenticated) roles.unauthenticated = pool.roles.unauthenticated;
    const mappings: Record<string, RoleMapping> = Object.fromEntries(
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
  },
});
