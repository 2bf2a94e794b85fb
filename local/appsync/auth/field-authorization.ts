import { valueFromASTUntyped, type DirectiveNode, type GraphQLField, type GraphQLObjectType } from 'graphql';
import type { AuthenticationType } from '../api/config';
import type { GraphQLApiModel } from '../api/graphql-api';
import type { RequestAuth } from './identity';

/** Which auth modes may read one field, from its `@aws_*` directives. */
interface FieldRule {
  modes: ReadonlySet<AuthenticationType>;
  /** `@aws_cognito_user_pools(cognito_groups: […])`: user-pool callers must be in one. */
  cognitoGroups?: readonly string[];
  /** No directive applies and the default user-pool provider says DENY. */
  defaultDeny: boolean;
}

const MODE_OF_DIRECTIVE: Record<string, AuthenticationType> = {
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_auth: 'AMAZON_COGNITO_USER_POOLS',
};

function ruleFrom(directives: readonly DirectiveNode[]): Omit<FieldRule, 'defaultDeny'> | undefined {
  const modes = new Set<AuthenticationType>();
  let cognitoGroups: string[] | undefined;
  for (const directive of directives) {
    const mode = MODE_OF_DIRECTIVE[directive.name.value];
    if (!mode) continue;
    modes.add(mode);
    const groupsArg = directive.arguments?.find((arg) => arg.name.value === 'cognito_groups');
    if (groupsArg) {
      const groups = valueFromASTUntyped(groupsArg.value);
      if (Array.isArray(groups)) cognitoGroups = [...(cognitoGroups ?? []), ...groups.map(String)];
    }
  }
  return modes.size ? { modes, cognitoGroups } : undefined;
}

/**
 * AppSync's per-field authorization for multi-auth APIs: a field's `@aws_*`
 * directives decide which modes may read it; without any, the type's directives;
 * without those, only the API's default mode. `cognito_groups` narrows user-pool
 * access to members of those groups. Rules are computed once per field.
 * @example
 * authorizer.allows(incidentType, 'description', auth); // false for an API key caller
 */
export class FieldAuthorizer {
  /** By field object: every field of every result is checked, so the lookup must not build strings. */
  private readonly rules = new WeakMap<GraphQLField<unknown, unknown>, FieldRule>();

  constructor(private readonly api: GraphQLApiModel) {}

  allows(parentType: GraphQLObjectType, field: GraphQLField<unknown, unknown>, auth: RequestAuth): boolean {
    if (field.name.startsWith('__') || parentType.name.startsWith('__')) return true;
    const rule = this.rule(parentType, field);
    if (!rule.modes.has(auth.mode)) return false;
    if (auth.mode === 'AMAZON_COGNITO_USER_POOLS') {
      if (rule.defaultDeny) return false;
      if (rule.cognitoGroups && !rule.cognitoGroups.some((group) => auth.groups.includes(group))) return false;
    }
    if (auth.deniedFields?.has(`${parentType.name}.${field.name}`)) return false;
    return true;
  }

  private rule(parentType: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldRule {
    let rule = this.rules.get(field);
    if (!rule) {
      const typeDirectives = [parentType.astNode, ...(parentType.extensionASTNodes ?? [])].flatMap((node) => node?.directives ?? []);
      const own = ruleFrom(field.astNode?.directives ?? []) ?? ruleFrom(typeDirectives);
      const fallback = this.api.defaultAuth;
      rule = own
        ? { ...own, defaultDeny: false }
        : { modes: new Set([fallback.type]), defaultDeny: fallback.type === 'AMAZON_COGNITO_USER_POOLS' && fallback.userPool?.defaultAction === 'DENY' };
      this.rules.set(field, rule);
    }
    return rule;
  }
}
