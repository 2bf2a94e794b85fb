import type { JsonOperation } from '../../../edge/json-protocol';
import type { IdentityPoolContext } from '../context';
import { getCredentialsForIdentity } from './getCredentialsForIdentity';
import { getId } from './getId';
import { getIdentityPoolRoles } from './getIdentityPoolRoles';

/** Operations callers make without AWS credentials (a guest or a user-pool token is who they are). */
export const UNSIGNED_OPERATIONS: ReadonlySet<string> = new Set(['GetId', 'GetCredentialsForIdentity']);

/** The `AWSCognitoIdentityService` operations the local identity pools answer; others are UnknownOperationException naming them. */
export function identityPoolOperations(context: IdentityPoolContext): Record<string, JsonOperation> {
  return {
    GetId: getId(context),
    GetCredentialsForIdentity: getCredentialsForIdentity(context),
    GetIdentityPoolRoles: getIdentityPoolRoles(context),
  };
}
