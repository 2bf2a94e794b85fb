import type { CognitoOperation } from '../context';
import { InvalidParameterException, UserNotFoundException } from '../errors';
import { optionalString, requireUsername, stringMap } from '../input';
import { Mailer, simulatedDelivery } from '../messages';
import { CODE_VALIDITY_SECONDS } from '../user-pool';

/** ResendConfirmationCode: a new sign-up code (the previous one stops working). */
export const resendConfirmationCode: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const name = requireUsername(input);
  call.checkSecretHash(client, name, optionalString(input, 'SecretHash'));
  const user = pool.store.find(name);
  if (!user) {
    if (client.preventUserExistenceErrors) return { CodeDeliveryDetails: simulatedDelivery(name) };
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  if (user.status !== 'UNCONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  const attribute = Mailer.signUpAttribute(pool, user);
  if (!attribute) throw new InvalidParameterException('Auto verification not turned on.');
  const details = await call.cognito.mailer.send({
    pool, user, kind: 'ResendCode', attribute, purpose: 'signUp', validitySeconds: CODE_VALIDITY_SECONDS.signUp, clientId: client.id, clientMetadata: stringMap(input, 'ClientMetadata'),
  });
  await pool.store.save();
  return { CodeDeliveryDetails: details };
};
