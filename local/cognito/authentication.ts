import type { OperationCall } from './context';
import { CognitoError, InvalidParameterException, NotAuthorizedException, NotImplementedLocallyException, UserNotConfirmedException, UserNotFoundException } from './errors';
import type { UserPoolClientConfig } from './pool-config';
import { passwordMatches } from './srp';
import { refreshTokenHash, type AuthenticationResult } from './tokens';
import type { UserPool } from './user-pool';
import type { StoredUser } from './user-store';

/**
 * The steps sign-in flows share (InitiateAuth, RespondToAuthChallenge,
 * GetTokensFromRefreshToken): flow checks, user lookup with Cognito's existence rules,
 * password checks with the lockout, the status gate, triggers and token issue.
 */

export const INCORRECT = 'Incorrect username or password.';

class PasswordResetRequiredException extends CognitoError {
  constructor() {
    super('PasswordResetRequiredException', 'Password reset required for the user');
  }
}

/** `<FLOW> flow not enabled for this client` unless the client lists ALLOW_<FLOW>. */
export function requireFlow(client: UserPoolClientConfig, flow: string): void {
  if (!client.explicitAuthFlows.has(`ALLOW_${flow}`)) throw new InvalidParameterException(`${flow} flow not enabled for this client`);
}

/** The error for a user that does not exist, as the client's PreventUserExistenceErrors says. */
export function noSuchUser(client: UserPoolClientConfig): CognitoError {
  return client.preventUserExistenceErrors ? new NotAuthorizedException(INCORRECT) : new UserNotFoundException();
}

/** Refuses a disabled user, and a locked-out one (attempts during a lockout do not count). */
export function gateSignIn(pool: UserPool, user: StoredUser): void {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (pool.signInLocked(user.username)) throw new NotAuthorizedException('Password attempts exceeded');
}

/** Checks a password given in the clear (USER_PASSWORD_AUTH), counting failures toward the lockout. */
export function checkPassword(pool: UserPool, user: StoredUser, password: string): void {
  if (!user.password || !passwordMatches(user.password, pool.config.srpName, user.username, password)) {
    pool.recordSignInFailure(user.username);
    throw new NotAuthorizedException(INCORRECT);
  }
  pool.recordSignInSuccess(user.username);
}

/** Runs the pre authentication trigger, when the pool declares one. */
export async function preAuthentication(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, user: StoredUser, clientMetadata?: Record<string, string>): Promise<void> {
  await call.cognito.triggers.run(pool.config, {
    trigger: 'PreAuthentication',
    triggerSource: 'PreAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: { userAttributes: { ...user.attributes, 'cognito:user_status': user.status }, validationData: null, userNotFound: false, ...(clientMetadata && { clientMetadata }) },
    response: {},
  });
}

export interface SignInResult {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResult;
}

/**
 * What follows a proven password: the status gate (unconfirmed, reset required, temporary
 * password → NEW_PASSWORD_REQUIRED), the post authentication trigger, then tokens.
 */
export async function completeSignIn(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, user: StoredUser, clientMetadata?: Record<string, string>): Promise<SignInResult> {
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException();
  if (pool.config.mfaConfiguration === 'ON') throw new NotImplementedLocallyException(`Sign-in to a pool with MfaConfiguration ON (MFA challenges)`);
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.password?.temporaryExpiresAt !== undefined && user.password.temporaryExpiresAt < call.now()) {
      throw new NotAuthorizedException('Temporary password has expired and must be reset by an administrator.');
    }
    const session = call.cognito.challenges.open({
      kind: 'NEW_PASSWORD_REQUIRED',
      userPoolId: pool.id,
      clientId: client.id,
      username: user.username,
      expiresAt: call.now() + client.authSessionValiditySeconds * 1000,
    });
    const { sub: _sub, ...visible } = user.attributes;
    // Verified flags are Cognito's to set; the challenge shows the user's own attributes.
    delete visible.email_verified;
    delete visible.phone_number_verified;
    const required = [...pool.config.schema.values()]
      .filter((attribute) => attribute.required && attribute.name !== 'sub' && !user.attributes[attribute.name])
      .map((attribute) => `userAttributes.${attribute.name}`);
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: JSON.stringify(required), userAttributes: JSON.stringify(visible) },
    };
  }
  return { ChallengeParameters: {}, AuthenticationResult: await issueSignInTokens(call, pool, client, user, 'TokenGeneration_Authentication', clientMetadata) };
}

/** Post authentication trigger, then a new session's tokens (saved before they are returned). */
export async function issueSignInTokens(
  call: OperationCall,
  pool: UserPool,
  client: UserPoolClientConfig,
  user: StoredUser,
  triggerSource: string,
  clientMetadata?: Record<string, string>,
): Promise<AuthenticationResult> {
  await call.cognito.triggers.run(pool.config, {
    trigger: 'PostAuthentication',
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: { userAttributes: { ...user.attributes, 'cognito:user_status': user.status }, newDeviceUsed: false, ...(clientMetadata && { clientMetadata }) },
    response: {},
  });
  const result = await call.cognito.tokens.issue({ pool, client, user, triggerSource, clientMetadata });
  await pool.store.save();
  call.log.debug(`${user.username} signed in to ${pool.id} through client ${client.id}`);
  return result;
}

/**
 * New tokens for a refresh token (REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken): it must
 * belong to this client, be unrevoked and unexpired, and its user must still exist and be enabled.
 */
export async function refreshSession(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, refreshToken: string, clientMetadata?: Record<string, string>): Promise<AuthenticationResult> {
  const hash = refreshTokenHash(refreshToken);
  const session = pool.store.sessionByRefreshHash(hash);
  if (!session || session.clientId !== client.id) throw new NotAuthorizedException('Invalid Refresh Token');
  if (session.previousRefreshTokenHash === hash && (session.graceUntil ?? 0) < call.now()) throw new NotAuthorizedException('Invalid Refresh Token');
  if (session.revoked) throw new NotAuthorizedException('Refresh Token has been revoked');
  if (session.expiresAt <= call.now()) throw new NotAuthorizedException('Refresh Token has expired');
  const user = pool.store.get(session.username);
  if (!user) throw new NotAuthorizedException('User does not exist.');
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const result = await call.cognito.tokens.issue({ pool, client, user, session, triggerSource: 'TokenGeneration_RefreshTokens', clientMetadata });
  if (result.RefreshToken) await pool.store.save();
  return result;
}
