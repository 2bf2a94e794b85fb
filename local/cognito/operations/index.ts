import { OperationRegistry } from '../../kit';
import type { CognitoOperation } from '../context';
import { adminAddUserToGroup } from './adminAddUserToGroup';
import { adminConfirmSignUp } from './adminConfirmSignUp';
import { adminCreateUser } from './adminCreateUser';
import { adminDeleteUser } from './adminDeleteUser';
import { adminDisableUser } from './adminDisableUser';
import { adminEnableUser } from './adminEnableUser';
import { adminGetUser } from './adminGetUser';
import { adminListGroupsForUser } from './adminListGroupsForUser';
import { adminRemoveUserFromGroup } from './adminRemoveUserFromGroup';
import { adminResetUserPassword } from './adminResetUserPassword';
import { adminSetUserPassword } from './adminSetUserPassword';
import { adminUpdateUserAttributes } from './adminUpdateUserAttributes';
import { adminUserGlobalSignOut } from './adminUserGlobalSignOut';
import { changePassword } from './changePassword';
import { confirmForgotPassword } from './confirmForgotPassword';
import { confirmSignUp } from './confirmSignUp';
import { createGroup } from './createGroup';
import { deleteGroup } from './deleteGroup';
import { deleteUser } from './deleteUser';
import { deleteUserAttributes } from './deleteUserAttributes';
import { describeUserPool } from './describeUserPool';
import { describeUserPoolClient } from './describeUserPoolClient';
import { forgotPassword } from './forgotPassword';
import { getGroup } from './getGroup';
import { getTokensFromRefreshToken } from './getTokensFromRefreshToken';
import { getUser } from './getUser';
import { getUserAttributeVerificationCode } from './getUserAttributeVerificationCode';
import { globalSignOut } from './globalSignOut';
import { initiateAuth } from './initiateAuth';
import { listGroups } from './listGroups';
import { listUserPoolClients } from './listUserPoolClients';
import { listUserPools } from './listUserPools';
import { listUsers } from './listUsers';
import { listUsersInGroup } from './listUsersInGroup';
import { listWebAuthnCredentials } from './listWebAuthnCredentials';
import { resendConfirmationCode } from './resendConfirmationCode';
import { respondToAuthChallenge } from './respondToAuthChallenge';
import { revokeToken } from './revokeToken';
import { signUp } from './signUp';
import { updateGroup } from './updateGroup';
import { updateUserAttributes } from './updateUserAttributes';
import { verifyUserAttribute } from './verifyUserAttribute';

/**
 * Operations apps call without AWS credentials: Cognito authenticates them by app client id,
 * codes, passwords and tokens in the body, and evaluates no IAM policy.
 */
export const USER_OPERATIONS: Readonly<Record<string, CognitoOperation>> = {
  SignUp: signUp,
  ConfirmSignUp: confirmSignUp,
  ResendConfirmationCode: resendConfirmationCode,
  InitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  GetUser: getUser,
  UpdateUserAttributes: updateUserAttributes,
  DeleteUserAttributes: deleteUserAttributes,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  VerifyUserAttribute: verifyUserAttribute,
  DeleteUser: deleteUser,
  ChangePassword: changePassword,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  GlobalSignOut: globalSignOut,
  RevokeToken: revokeToken,
  ListWebAuthnCredentials: listWebAuthnCredentials,
};

/** Operations that are SigV4-signed IAM calls, authorized as `cognito-idp:<Operation>` on the pool. */
export const ADMIN_OPERATIONS: Readonly<Record<string, CognitoOperation>> = {
  AdminCreateUser: adminCreateUser,
  AdminGetUser: adminGetUser,
  AdminDeleteUser: adminDeleteUser,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminResetUserPassword: adminResetUserPassword,
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  ListUsers: listUsers,
  ListGroups: listGroups,
  ListUsersInGroup: listUsersInGroup,
  CreateGroup: createGroup,
  GetGroup: getGroup,
  UpdateGroup: updateGroup,
  DeleteGroup: deleteGroup,
  DescribeUserPool: describeUserPool,
  DescribeUserPoolClient: describeUserPoolClient,
  ListUserPoolClients: listUserPoolClients,
  ListUserPools: listUserPools,
};

/** An operation as the registry holds it: its name, whether IAM authorizes it, what it does. */
export interface RegisteredCognitoOperation {
  readonly name: string;
  readonly action?: false;
  readonly handle: CognitoOperation;
}

/**
 * Every operation of the local user pools, in the registry shape all services share: user
 * operations unsigned (`action: false`), admin operations authorized as `cognito-idp:<Name>`,
 * and what is not implemented, each answering an error that names it.
 */
export const COGNITO_OPERATIONS = new OperationRegistry<RegisteredCognitoOperation>({
  service: 'Cognito Identity Provider',
  iamPrefix: 'cognito-idp',
  operations: [
    ...Object.entries(USER_OPERATIONS).map(([name, handle]) => ({ name, action: false as const, handle })),
    ...Object.entries(ADMIN_OPERATIONS).map(([name, handle]) => ({ name, handle })),
  ],
  notImplemented: {
    AssociateSoftwareToken: 'MFA',
    VerifySoftwareToken: 'MFA',
    SetUserMFAPreference: 'MFA',
    AdminSetUserMFAPreference: 'MFA',
    GetUserPoolMfaConfig: 'MFA',
    SetUserPoolMfaConfig: 'MFA',
    ConfirmDevice: 'device tracking',
    ForgetDevice: 'device tracking',
    GetDevice: 'device tracking',
    ListDevices: 'device tracking',
    UpdateDeviceStatus: 'device tracking',
    AdminForgetDevice: 'device tracking',
    AdminGetDevice: 'device tracking',
    AdminListDevices: 'device tracking',
    AdminUpdateDeviceStatus: 'device tracking',
    StartWebAuthnRegistration: 'passkeys',
    CompleteWebAuthnRegistration: 'passkeys',
    DeleteWebAuthnCredential: 'passkeys',
    CreateUserPool: 'user pools come from the cloud assembly',
    DeleteUserPool: 'user pools come from the cloud assembly',
    UpdateUserPool: 'user pools come from the cloud assembly',
    CreateUserPoolClient: 'app clients come from the cloud assembly',
    DeleteUserPoolClient: 'app clients come from the cloud assembly',
    UpdateUserPoolClient: 'app clients come from the cloud assembly',
  },
});
