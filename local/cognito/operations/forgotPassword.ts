import type { CognitoOperation } from '../context';
import { resetCodeAttribute } from '../codes';
import { NotAuthorizedException, UserNotFoundException } from '../errors';
import { optionalString, requireUsername, stringMap } from '../input';
import { CODE_VALIDITY_SECONDS } from '../user-pool';
import { simulatedDelivery } from '../messages';

/** ForgotPassword: sends a reset code to the user's verified email (else verified phone). */
export const forgotPassword: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const name = requireUsername(input);
  call.checkSecretHash(client, name, optionalString(input, 'SecretHash'));
  const user = pool.store.find(name);
  if (!user) {
    if (client.preventUserExistenceErrors) return { CodeDeliveryDetails: simulatedDelivery(name) };
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const attribute = resetCodeAttribute(user);
  const details = await call.cognito.mailer.send({
    pool, user, kind: 'ForgotPassword', attribute, purpose: 'forgotPassword', validitySeconds: CODE_VALIDITY_SECONDS.forgotPassword, clientId: client.id, clientMetadata: stringMap(input, 'ClientMetadata'),
  });
  await pool.store.save();
  return { CodeDeliveryDetails: details };
};
