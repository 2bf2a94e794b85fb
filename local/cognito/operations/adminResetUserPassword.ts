import { resetCodeAttribute } from '../codes';
import type { CognitoOperation } from '../context';
import { NotAuthorizedException } from '../errors';
import { stringMap } from '../input';
import { CODE_VALIDITY_SECONDS } from '../user-pool';

/**
 * AdminResetUserPassword: the user's password stops signing in (RESET_REQUIRED: a sign-in
 * answers PasswordResetRequiredException) and a reset code goes to their verified email or
 * phone, the one ForgotPassword sends, which ConfirmForgotPassword takes with a new password.
 * A user who never set a password of their own (FORCE_CHANGE_PASSWORD) cannot be reset.
 */
export const adminResetUserPassword: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw new NotAuthorizedException('User password cannot be reset in the current state.');
  const attribute = resetCodeAttribute(user);
  // Cognito's CustomMessage trigger has no source of its own for this: it is a ForgotPassword message.
  await call.cognito.mailer.send({
    pool, user, kind: 'ForgotPassword', attribute, purpose: 'forgotPassword', validitySeconds: CODE_VALIDITY_SECONDS.forgotPassword, clientMetadata: stringMap(input, 'ClientMetadata'),
  });
  user.status = 'RESET_REQUIRED';
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
