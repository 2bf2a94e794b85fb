import type { CognitoOperation } from '../context';
import { LimitExceededException, NotAuthorizedException } from '../errors';
import { enforcePasswordPolicy, validatePasswordMember } from '../password-policy';
import { createVerifier, passwordMatches } from '../srp';

/** ChangePassword: the signed-in user proves the current password and sets a new one. */
export const changePassword: CognitoOperation = async (input, call) => {
  const { pool, user } = call.tokenUser(input);
  const previous = validatePasswordMember('previousPassword', input.PreviousPassword);
  const proposed = validatePasswordMember('proposedPassword', input.ProposedPassword);
  if (pool.signInLocked(user.username)) throw new LimitExceededException();
  if (!user.password || !passwordMatches(user.password, pool.config.srpName, user.username, previous)) {
    pool.recordSignInFailure(user.username);
    throw new NotAuthorizedException('Incorrect username or password.');
  }
  pool.recordSignInSuccess(user.username);
  enforcePasswordPolicy(pool.config.passwordPolicy, proposed, 'change');
  user.password = createVerifier(pool.config.srpName, user.username, proposed);
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
