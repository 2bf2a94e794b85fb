import { randomUUID } from 'node:crypto';
import { readAttributeList, requireAttributes, usernameAttributeOf, validateAttributes } from '../attributes';
import type { CognitoOperation } from '../context';
import { NotAuthorizedException } from '../errors';
import { optionalString, requireUsername, stringMap } from '../input';
import { Mailer, type CodeDeliveryDetails } from '../messages';
import { enforcePasswordPolicy, validatePasswordMember } from '../password-policy';
import { createVerifier } from '../srp';
import { CODE_VALIDITY_SECONDS } from '../user-pool';
import type { StoredUser } from '../user-store';

/**
 * SignUp: creates an UNCONFIRMED user whose password is kept only as an SRP verifier, runs
 * the pre sign-up trigger, and sends a confirmation code to the auto-verified attribute.
 */
export const signUp: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  if (pool.config.allowAdminCreateUserOnly) throw new NotAuthorizedException('SignUp is not permitted for this user pool');
  const name = requireUsername(input);
  const password = validatePasswordMember('password', input.Password);
  const attributes = readAttributeList('userAttributes', input.UserAttributes);
  const validationData = readAttributeList('validationData', input.ValidationData);
  const clientMetadata = stringMap(input, 'ClientMetadata');
  call.checkSecretHash(client, name, optionalString(input, 'SecretHash'));
  const usernameAttribute = usernameAttributeOf(pool.config, name);
  validateAttributes(pool.config, attributes, { creating: true, client });
  if (usernameAttribute) attributes[usernameAttribute] = name;
  enforcePasswordPolicy(pool.config.passwordPolicy, password, 'sign-up');
  requireAttributes(pool.config, attributes);
  pool.assertUsernameFree(name, usernameAttribute);

  const sub = randomUUID();
  // With email or phone sign-in the username is generated (and equals sub).
  const username = usernameAttribute ? sub : name;
  const response = await call.cognito.triggers.run(pool.config, {
    trigger: 'PreSignUp',
    triggerSource: 'PreSignUp_SignUp',
    userName: username,
    clientId: client.id,
    request: { userAttributes: { ...attributes }, validationData: Object.keys(validationData).length ? validationData : null, ...(clientMetadata && { clientMetadata }) },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  // The trigger ran asynchronously: someone may have taken the name meanwhile.
  pool.assertUsernameFree(name, usernameAttribute);

  const now = call.now();
  const user: StoredUser = {
    username,
    attributes: { sub, ...attributes },
    status: response?.autoConfirmUser === true ? 'CONFIRMED' : 'UNCONFIRMED',
    enabled: true,
    created: now,
    modified: now,
    password: createVerifier(pool.config.srpName, username, password),
    groups: [],
    codes: {},
  };
  if (response?.autoVerifyEmail === true && user.attributes.email) user.attributes.email_verified = 'true';
  if (response?.autoVerifyPhone === true && user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
  pool.store.put(user);

  let delivery: CodeDeliveryDetails | undefined;
  const attribute = user.status === 'UNCONFIRMED' ? Mailer.signUpAttribute(pool, user) : undefined;
  if (attribute) {
    delivery = await call.cognito.mailer.send({ pool, user, kind: 'SignUp', attribute, purpose: 'signUp', validitySeconds: CODE_VALIDITY_SECONDS.signUp, clientId: client.id, clientMetadata });
  }
  await pool.store.save();
  call.log.info(`signed up ${name} in ${pool.id} (${user.status})`);
  return { UserConfirmed: user.status === 'CONFIRMED', UserSub: sub, ...(delivery && { CodeDeliveryDetails: delivery }) };
};
