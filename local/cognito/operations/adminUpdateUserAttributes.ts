import { readAttributeList, validateAttributes } from '../attributes';
import type { CognitoOperation } from '../context';
import { AliasExistsException } from '../errors';

/**
 * AdminUpdateUserAttributes: sets attributes as an administrator (verified flags included).
 * A changed email or phone is unverified unless the same call says it is verified.
 */
export const adminUpdateUserAttributes: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  const attributes = readAttributeList('userAttributes', input.UserAttributes);
  validateAttributes(pool.config, attributes, { creating: false, admin: true });
  for (const name of ['email', 'phone_number'] as const) {
    const value = attributes[name];
    if (value === undefined || value === user.attributes[name]) continue;
    const holder = pool.store.byAlias(name, value);
    if (holder && holder !== user && pool.config.usernameAttributes.includes(name)) throw new AliasExistsException(`An account with the given ${name} already exists.`);
    attributes[`${name}_verified`] ??= 'false';
  }
  Object.assign(user.attributes, attributes);
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
