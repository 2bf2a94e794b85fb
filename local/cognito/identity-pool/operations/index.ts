import { OperationRegistry, type AnyOperation } from '../../../kit';
import type { IdentityPoolCall } from '../context';
import { describeIdentityPool } from './describeIdentityPool';
import { getCredentialsForIdentity } from './getCredentialsForIdentity';
import { getId } from './getId';
import { getIdentityPoolRoles } from './getIdentityPoolRoles';
import { getOpenIdToken } from './getOpenIdToken';
import { listIdentities } from './listIdentities';
import { listIdentityPools } from './listIdentityPools';

/** The `AWSCognitoIdentityService` operations the local identity pools answer (IAM `cognito-identity:<Name>`). */
export const IDENTITY_POOL_OPERATIONS = new OperationRegistry<AnyOperation<IdentityPoolCall>>({
  service: 'Cognito Identity',
  iamPrefix: 'cognito-identity',
  operations: [getId, getCredentialsForIdentity, getOpenIdToken, getIdentityPoolRoles, listIdentityPools, describeIdentityPool, listIdentities],
  notImplemented: {
    GetOpenIdTokenForDeveloperIdentity: 'developer-authenticated identities',
    LookupDeveloperIdentity: 'developer-authenticated identities',
    MergeDeveloperIdentities: 'developer-authenticated identities',
    UnlinkDeveloperIdentity: 'developer-authenticated identities',
    UnlinkIdentity: 'unlinking logins',
    DescribeIdentity: 'identity administration',
    DeleteIdentities: 'identity administration',
    CreateIdentityPool: 'identity pools come from the cloud assembly',
    DeleteIdentityPool: 'identity pools come from the cloud assembly',
    UpdateIdentityPool: 'identity pools come from the cloud assembly',
    SetIdentityPoolRoles: 'identity pools come from the cloud assembly',
  },
});
