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
}

/**
 * `call.authorize` for one call: IAM's decision for the caller, action and resource, and the
 * service's access-denied error with AWS's sentence when it is no.
 */
export function authorizer(options: AuthorizerOptions): OperationCall['authorize'] {
  return (resources, request = {}) => {
    const iam = options.services.find<IamService>('iam');
    const action = request.action ?? options.action;
    if (!iam || !options.principal || !action) return;
    for (const resource of typeof resources === 'string' ? [resources] : resources) {
      const asked = { action, resource, context: request.context };
      const decision = iam.authorize(options.principal, asked);
      if (!decision.allowed) throw options.accessDenied(accessDeniedMessage(options.principal, asked, decision));
    }
  };
}
