import type { CognitoOperation } from '../context';
import { ExpiredCodeException, NotAuthorizedException, UserNotFoundException } from '../errors';
import { optionalString, requireString, requireUsername, stringMap } from '../input';
import { checkCode, markVerified, postConfirmation } from '../codes';

/**
 * ConfirmSignUp: checks the code sent at sign-up, confirms the user and verifies the
 * attribute it went to, then runs the post confirmation trigger.
 */
export const confirmSignUp: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const name = requireUsername(input);
  const code = requireString(input, 'ConfirmationCode');
  const clientMetadata = stringMap(input, 'ClientMetadata');
  call.checkSecretHash(client, name, optionalString(input, 'SecretHash'));
  const user = pool.store.find(name);
  if (!user) throw client.preventUserExistenceErrors ? new ExpiredCodeException() : new UserNotFoundException('Username/client id combination not found.');
  if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  const attribute = checkCode(pool, user, 'signUp', code, call.now());
  if (attribute) markVerified(pool, user, attribute, input.ForceAliasCreation === true);
  delete user.codes.signUp;
  user.status = 'CONFIRMED';
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  call.log.info(`confirmed ${user.attributes.email ?? user.username} in ${pool.id}`);
  await postConfirmation(call, pool, user, 'PostConfirmation_ConfirmSignUp', client.id, clientMetadata);
  return {};
};
