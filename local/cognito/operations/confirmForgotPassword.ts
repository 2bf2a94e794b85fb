import type { CognitoOperation } from '../context';
import { CodeMismatchException, UserNotFoundException } from '../errors';
import { optionalString, requireString, requireUsername, stringMap } from '../input';
import { enforcePasswordPolicy, validatePasswordMember } from '../password-policy';
import { createVerifier } from '../srp';
import { checkCode, postConfirmation } from '../codes';

/** ConfirmForgotPassword: a reset code and a new password; runs the post confirmation trigger. */
export const confirmForgotPassword: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const name = requireUsername(input);
  const code = requireString(input, 'ConfirmationCode');
  const password = validatePasswordMember('password', input.Password);
  const clientMetadata = stringMap(input, 'ClientMetadata');
  call.checkSecretHash(client, name, optionalString(input, 'SecretHash'));
  const user = pool.store.find(name);
  if (!user) throw client.preventUserExistenceErrors ? new CodeMismatchException() : new UserNotFoundException('Username/client id combination not found.');
  enforcePasswordPolicy(pool.config.passwordPolicy, password, 'sign-up');
  checkCode(pool, user, 'forgotPassword', code, call.now());
  delete user.codes.forgotPassword;
  user.password = createVerifier(pool.config.srpName, user.username, password);
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  call.log.info(`password reset for ${user.attributes.email ?? user.username} in ${pool.id}`);
  await postConfirmation(call, pool, user, 'PostConfirmation_ConfirmForgotPassword', client.id, clientMetadata);
  return {};
};
