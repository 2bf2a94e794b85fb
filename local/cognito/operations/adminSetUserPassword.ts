import type { CognitoOperation } from '../context';
import { enforcePasswordPolicy, validatePasswordMember } from '../password-policy';
import { createVerifier } from '../srp';

/**
 * AdminSetUserPassword: a permanent password confirms the user; a temporary one puts them in
 * FORCE_CHANGE_PASSWORD.
 */
export const adminSetUserPassword: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  const password = validatePasswordMember('password', input.Password);
  enforcePasswordPolicy(pool.config.passwordPolicy, password, 'change');
  const permanent = input.Permanent === true;
  user.password = {
    ...createVerifier(pool.config.srpName, user.username, password),
    ...(!permanent && { temporaryExpiresAt: call.now() + pool.config.passwordPolicy.temporaryPasswordValidityDays * 86_400_000 }),
  };
  user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
