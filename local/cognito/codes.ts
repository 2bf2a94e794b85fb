import type { OperationCall } from './context';
import { AliasExistsException, CodeMismatchException, ExpiredCodeException, InvalidParameterException, LimitExceededException } from './errors';
import type { UserPool } from './user-pool';
import type { CodePurpose, StoredUser } from './user-store';

/**
 * Shared by the operations that take a code (ConfirmSignUp, ConfirmForgotPassword,
 * VerifyUserAttribute): throttles wrong guesses, and tells a wrong code from a stale one.
 * Returns the attribute the code went to. The code is consumed by the caller on success.
 */
export function checkCode(pool: UserPool, user: StoredUser, purpose: CodePurpose, code: string, now: number): string | undefined {
  if (pool.codeLocked(user.username, purpose)) throw new LimitExceededException();
  const stored = user.codes[purpose];
  // No code outstanding: it was used already, or never sent.
  if (!stored) throw new ExpiredCodeException();
  if (stored.code !== code) {
    pool.recordCodeFailure(user.username, purpose);
    throw new CodeMismatchException();
  }
  if (stored.expiresAt < now) throw new ExpiredCodeException();
  pool.recordCodeSuccess(user.username, purpose);
  return stored.attribute;
}

/**
 * Marks an attribute verified. With AliasAttributes, a verified value that already signs in
 * another user is an AliasExistsException, unless `forceAlias` moves it to this user.
 */
export function markVerified(pool: UserPool, user: StoredUser, attribute: string, forceAlias: boolean): void {
  if (attribute !== 'email' && attribute !== 'phone_number') return;
  if (pool.config.aliasAttributes.includes(attribute)) {
    const other = pool.store.byAlias(attribute, user.attributes[attribute]);
    if (other && other !== user) {
      if (!forceAlias) throw new AliasExistsException(`An account with the given ${attribute} already exists.`);
      other.attributes[`${attribute}_verified`] = 'false';
      pool.store.put(other);
    }
  }
  user.attributes[`${attribute}_verified`] = 'true';
}

/** Runs the post confirmation trigger (after the confirmation is saved, as Cognito does). */
export async function postConfirmation(call: OperationCall, pool: UserPool, user: StoredUser, triggerSource: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword', clientId?: string, clientMetadata?: Record<string, string>): Promise<void> {
  await call.cognito.triggers.run(pool.config, {
    trigger: 'PostConfirmation',
    triggerSource,
    userName: user.username,
    clientId,
    request: { userAttributes: { ...user.attributes, 'cognito:user_status': user.status }, ...(clientMetadata && { clientMetadata }) },
    response: {},
  });
}

/**
 * Where a password-reset code goes (ForgotPassword, AdminResetUserPassword): the verified
 * email, else the verified phone number; InvalidParameterException, as Cognito words it, when
 * the user has neither.
 */
export function resetCodeAttribute(user: StoredUser): 'email' | 'phone_number' {
  if (user.attributes.email && user.attributes.email_verified === 'true') return 'email';
  if (user.attributes.phone_number && user.attributes.phone_number_verified === 'true') return 'phone_number';
  throw new InvalidParameterException('Cannot reset password for the user as there is no registered/verified email or phone_number');
}
