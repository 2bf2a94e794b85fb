import { postConfirmation } from '../codes';
import type { CognitoOperation } from '../context';
import { NotAuthorizedException } from '../errors';
import { stringMap } from '../input';

/** AdminConfirmSignUp: confirms a user without a code; runs the post confirmation trigger. */
export const adminConfirmSignUp: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  delete user.codes.signUp;
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  await postConfirmation(call, pool, user, 'PostConfirmation_ConfirmSignUp', undefined, stringMap(input, 'ClientMetadata'));
  return {};
};
