import { evaluateResourcePolicy, type PolicyDocument } from '../iam/policy/resource-policy';
import { accessDeniedMessage } from '../iam/wire';
import type { IamService, Principal } from '../iam/types';
import type { ServiceRegistry } from '../service';
import type { OperationCall } from './operation';

export interface AuthorizerOptions {
  services: ServiceRegistry;
  principal: Principal | undefined;
  /** The operation's IAM action, from the registry. */
  action: string | undefined;
  /** The service's access-denied error, in its wire form. */
  accessDenied(message: string): Error;
  /**
   * The resource-based policies on a resource (a queue policy, a secret's resource policy), for
   * services that have them: evaluated beside the caller's identity policies as AWS combines
   * them within one account (an explicit deny in either wins; an allow in either grants).
   */
  resourcePolicies?(resource: string): readonly PolicyDocument[];
}

/** The condition keys a signed caller brings to a resource policy. */
export function principalContext(principal: Principal): Record<string, string | readonly string[]> {
  return {
    ...principal.policyVariables,
    ...(principal.context ?? {}),
    'aws:PrincipalArn': principal.roleArn ?? principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:userid': principal.userId,
    'aws:PrincipalType': principal.kind === 'root' ? 'Account' : 'AssumedRole',
    'aws:SecureTransport': 'true',
  };
}

/**
 * `call.authorize` for one call: IAM's decision for the caller, action and resource (and the
 * resource's own policy, where the service has them), and the service's access-denied error
 * with AWS's sentence when it is no.
 */
export function authorizer(options: AuthorizerOptions): OperationCall['authorize'] {
  return (resources, request = {}) => {
    const iam = options.services.find<IamService>('iam');
    const action = request.action ?? options.action;
    const principal = options.principal;
    if (!iam || !principal || !action) return;
    for (const resource of typeof resources === 'string' ? [resources] : resources) {
      const asked = { action, resource, context: request.context };
      const policies = options.resourcePolicies?.(resource) ?? [];
      const onResource = policies.length > 0 ? evaluateResourcePolicy(policies, { principal, action, resource, context: { ...principalContext(principal), ...(request.context ?? {}) } }) : undefined;
      if (onResource?.effect === 'explicit-deny') {
        throw options.accessDenied(`User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a resource-based policy`);
      }
      const decision = iam.authorize(principal, asked);
      if (decision.allowed || (decision.reason === 'implicit-deny' && onResource?.effect === 'allowed')) continue;
      throw options.accessDenied(accessDeniedMessage(principal, asked, decision));
    }
  };
}
