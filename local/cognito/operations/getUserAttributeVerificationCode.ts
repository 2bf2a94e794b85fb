import type { CognitoOperation } from '../context';
import { InvalidParameterException } from '../errors';
import { requireString, stringMap } from '../input';
import { CODE_VALIDITY_SECONDS } from '../user-pool';

/** GetUserAttributeVerificationCode: (re)sends a code to verify the user's email or phone. */
export const getUserAttributeVerificationCode: CognitoOperation = async (input, call) => {
  const { pool, user, client } = call.tokenUser(input);
  const attribute = requireString(input, 'AttributeName');
  const to = user.pending?.[attribute] ?? user.attributes[attribute];
  if ((attribute !== 'email' && attribute !== 'phone_number') || !to) {
    throw new InvalidParameterException(`Invalid attribute name ${attribute}: only a present email or phone_number can be verified`);
  }
  const details = await call.cognito.mailer.send({
    pool, user, kind: 'VerifyUserAttribute', attribute, to, purpose: `verify:${attribute}`, validitySeconds: CODE_VALIDITY_SECONDS.verify, clientId: client?.id, clientMetadata: stringMap(input, 'ClientMetadata'),
  });
  await pool.store.save();
  return { CodeDeliveryDetails: details };
};
