import { UnsupportedPolicyError, evaluateResourcePolicy, validatePolicy, type PolicyDocument } from '../iam/policy/resource-policy';
import type { IamService, Principal } from '../iam/types';
import { accessDeniedMessage } from '../iam/wire';
import { principalContext } from '../kit';
import type { ServiceRegistry } from '../service';
import { KmsErrors } from './errors';
import type { StoredKey } from './key-store';

/**
 * The default key policy, as KMS gives a key created without one: the account's root may do
 * everything, which also lets the account's IAM policies grant use of the key.
 */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

/** A key policy as PutKeyPolicy and CreateKey accept it; MalformedPolicyDocumentException otherwise. */
export function checkKeyPolicy(text: string): PolicyDocument {
  let policy: PolicyDocument;
  try {
    policy = JSON.parse(text) as PolicyDocument;
  } catch {
    throw KmsErrors.malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
  if (typeof policy !== 'object' || policy === null || policy.Statement === undefined) throw KmsErrors.malformedPolicy('Policy contains a statement with no principal.');
  try {
    validatePolicy('Key policy', policy);
  } catch (error) {
    if (error instanceof UnsupportedPolicyError) throw KmsErrors.malformedPolicy(error.message);
    throw error;
  }
  return policy;
}

/** The condition keys a KMS request brings: the caller's, and `kms:EncryptionContext:<key>` / `kms:EncryptionContextKeys`. */
function kmsContext(principal: Principal, encryptionContext: Readonly<Record<string, string>> | undefined): Record<string, string | readonly string[]> {
  const context: Record<string, string | readonly string[]> = { ...principalContext(principal), 'kms:CallerAccount': principal.accountId };
  if (encryptionContext) {
    context['kms:EncryptionContextKeys'] = Object.keys(encryptionContext);
    for (const [key, value] of Object.entries(encryptionContext)) context[`kms:EncryptionContext:${key}`] = value;
  }
  return context;
}

/**
 * KMS's rule for who may use a key (the key policy is the primary control): an explicit deny in
 * the key policy or the caller's IAM policies refuses; a key-policy statement naming the caller
 * allows; a statement naming the caller's account (the "Enable IAM User Permissions" statement)
 * lets the caller's IAM policies decide; without either, IAM policies count for nothing, even
 * the account root's.
 * @example
 * authorizeKeyUse({ services, principal, action: 'kms:Decrypt', key, encryptionContext });
 */
export function authorizeKeyUse(request: { services: ServiceRegistry; principal: Principal | undefined; action: string; key: StoredKey; encryptionContext?: Readonly<Record<string, string>> }): void {
  const { principal, action, key } = request;
  const iam = request.services.find<IamService>('iam');
  if (!iam || !principal) return;
  const context = kmsContext(principal, request.encryptionContext);
  const onKey = evaluateResourcePolicy([JSON.parse(key.policy) as PolicyDocument], { principal, action, resource: key.arn, context });
  const denied = (because: string) => KmsErrors.accessDenied(`User: ${principal.arn} is not authorized to perform: ${action} on resource: ${key.arn} ${because}`);
  if (onKey.effect === 'explicit-deny') throw denied('with an explicit deny in a resource-based policy');
  const asked = { action, resource: key.arn, context };
  const identity = iam.authorize(principal, asked);
  if (identity.reason === 'explicit-deny') throw KmsErrors.accessDenied(accessDeniedMessage(principal, asked, identity));
  if (onKey.effect === 'allowed') return;
  if (!onKey.delegates) throw denied(`because no resource-based policy allows the ${action} action`);
  if (!identity.allowed) throw KmsErrors.accessDenied(accessDeniedMessage(principal, asked, identity));
}
