import type { CognitoOperation } from '../context';
import { AliasExistsException } from '../errors';
import { requireString } from '../input';
import { checkCode, markVerified } from '../codes';

/** VerifyUserAttribute: a code proves the email or phone; a pending new value takes effect. */
export const verifyUserAttribute: CognitoOperation = async (input, call) => {
  const { pool, user } = call.tokenUser(input);
  const attribute = requireString(input, 'AttributeName');
  const code = requireString(input, 'Code');
  checkCode(pool, user, `verify:${attribute}`, code, call.now());
  const pending = user.pending?.[attribute];
  if (pending !== undefined) {
    const holder = pool.store.byAlias(attribute, pending);
    if (holder && holder !== user && pool.config.usernameAttributes.includes(attribute)) throw new AliasExistsException(`An account with the given ${attribute} already exists.`);
    user.attributes[attribute] = pending;
    delete user.pending![attribute];
    if (Object.keys(user.pending!).length === 0) delete user.pending;
  }
  markVerified(pool, user, attribute, false);
  delete user.codes[`verify:${attribute}`];
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
