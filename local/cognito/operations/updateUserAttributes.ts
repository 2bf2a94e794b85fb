import { readAttributeList, validateAttributes } from '../attributes';
import type { CognitoOperation } from '../context';
import { AliasExistsException } from '../errors';
import { stringMap } from '../input';
import type { CodeDeliveryDetails } from '../messages';
import { CODE_VALIDITY_SECONDS } from '../user-pool';

/**
 * UpdateUserAttributes: the signed-in user changes attributes. A new email or phone becomes
 * unverified and, when the pool auto-verifies it, gets a code; with
 * AttributesRequireVerificationBeforeUpdate the old value stays until the new one is verified.
 */
export const updateUserAttributes: CognitoOperation = async (input, call) => {
  const { pool, user, client } = call.tokenUser(input);
  const attributes = readAttributeList('UserAttributes', input.UserAttributes, true);
  validateAttributes(pool.config, attributes, { creating: false, client });
  const deliveries: CodeDeliveryDetails[] = [];
  const toVerify: { attribute: string; to: string }[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if ((name === 'email' || name === 'phone_number') && value !== user.attributes[name]) {
      const holder = pool.store.byAlias(name, value);
      if (holder && holder !== user && pool.config.usernameAttributes.includes(name)) {
        throw new AliasExistsException(`An account with the given ${name} already exists.`);
      }
      const verifiedNow = user.attributes[`${name}_verified`] === 'true';
      if (verifiedNow && pool.config.attributesRequireVerificationBeforeUpdate.includes(name)) {
        user.pending = { ...user.pending, [name]: value };
      } else {
        user.attributes[name] = value;
        user.attributes[`${name}_verified`] = 'false';
      }
      if (pool.config.autoVerifiedAttributes.includes(name)) toVerify.push({ attribute: name, to: value });
      continue;
    }
    user.attributes[name] = value;
  }
  user.modified = call.now();
  pool.store.put(user);
  for (const { attribute, to } of toVerify) {
    deliveries.push(await call.cognito.mailer.send({
      pool, user, kind: 'UpdateUserAttribute', attribute, to, purpose: `verify:${attribute}`, validitySeconds: CODE_VALIDITY_SECONDS.verify, clientId: client?.id, clientMetadata: stringMap(input, 'ClientMetadata'),
    }));
  }
  await pool.store.save();
  return deliveries.length ? { CodeDeliveryDetailsList: deliveries } : {};
};
