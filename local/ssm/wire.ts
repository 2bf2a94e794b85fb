import type { JsonCall } from '../edge/json-protocol';
import { accessDeniedMessage } from '../iam';
import type { IamService, Principal } from '../iam/types';
import type { ServiceRegistry } from '../service';
import { SsmErrors } from './errors';
import { encryptedForm, parameterArn, type StoredParameter } from './parameter-store';

/** A parameter as SSM returns it (`GetParameter`, `GetParameters`, `GetParametersByPath`). */
export function parameterWire(parameter: StoredParameter, withDecryption: boolean): Record<string, unknown> {
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: parameter.type === 'SecureString' && !withDecryption ? encryptedForm(parameter) : parameter.value,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModified.getTime() / 1000,
    ARN: parameterArn(parameter.name),
    DataType: 'text',
  };
}

/**
 * `name`, `name:3` (version) or `name:label`, as GetParameter(s) accept them. Parameter
 * names cannot contain a colon, so the first one after the name part starts the selector.
 */
export function splitSelector(reference: string): { name: string; selector?: string } {
  let from = 0;
  if (reference.startsWith('arn:')) {
    const at = reference.indexOf(':parameter');
    if (at < 0) return { name: reference };
    from = at + ':parameter'.length;
  }
  const colon = reference.indexOf(':', from);
  return colon < 0 ? { name: reference } : { name: reference.slice(0, colon), selector: reference.slice(colon + 1) };
}

/** Applies a selector: versions other than the current one are not kept locally; labels are not supported. */
export function select(parameter: StoredParameter, selector: string | undefined): StoredParameter {
  if (selector === undefined) return parameter;
  if (/^\d+$/.test(selector)) {
    if (Number(selector) !== parameter.version) throw SsmErrors.versionNotFound(parameter.name, selector);
    return parameter;
  }
  throw SsmErrors.labelNotFound(parameter.name, selector);
}

/** Authorizes `action` on each parameter ARN for the caller (root and unchecked calls pass). */
export function authorizeParameters(services: ServiceRegistry, call: JsonCall, action: string, names: string[]): void {
  const iam = services.find<IamService>('iam');
  const principal = call.principal as Principal | undefined;
  if (!iam || !principal) return;
  for (const name of names) {
    const request = { action, resource: parameterArn(name) };
    const decision = iam.authorize(principal, request);
    if (!decision.allowed) throw SsmErrors.accessDenied(accessDeniedMessage(principal, request, decision));
  }
}
