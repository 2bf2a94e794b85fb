import { completeSignIn, gateSignIn, INCORRECT, issueSignInTokens } from '../authentication';
import { validateAttributes } from '../attributes';
import type { NewPasswordChallenge, SrpChallenge } from '../challenges';
import type { CognitoOperation, OperationCall } from '../context';
import { InvalidParameterException, NotAuthorizedException, NotImplementedLocallyException } from '../errors';
import { requireEnum, requireParameter, requireString, stringMap } from '../input';
import { enforcePasswordPolicy, validatePasswordMember } from '../password-policy';
import type { UserPoolClientConfig } from '../pool-config';
import { claimSignatureMatches, createVerifier, SRP_TIMESTAMP } from '../srp';
import type { UserPool } from '../user-pool';

const CHALLENGES = [
  'SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'NEW_PASSWORD_REQUIRED',
  'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP',
] as const;

const EXPIRED_SESSION = 'Invalid session for the user, session is expired.';

/** RespondToAuthChallenge: PASSWORD_VERIFIER (the SRP proof) and NEW_PASSWORD_REQUIRED. */
export const respondToAuthChallenge: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const name = requireEnum(input, 'ChallengeName', CHALLENGES);
  const responses = stringMap(input, 'ChallengeResponses') ?? {};
  const clientMetadata = stringMap(input, 'ClientMetadata');
  if (name === 'PASSWORD_VERIFIER') {
    const handle = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
    const pending = call.cognito.challenges.take(handle);
    if (!pending || pending.kind !== 'PASSWORD_VERIFIER' || pending.userPoolId !== pool.id || pending.clientId !== client.id) {
      throw new NotAuthorizedException(EXPIRED_SESSION);
    }
    return verifyPassword(call, pool, client, pending, responses, clientMetadata);
  }
  if (name === 'NEW_PASSWORD_REQUIRED') {
    const pending = call.cognito.challenges.take(requireString(input, 'Session'));
    if (!pending || pending.kind !== 'NEW_PASSWORD_REQUIRED' || pending.userPoolId !== pool.id || pending.clientId !== client.id) {
      throw new NotAuthorizedException(EXPIRED_SESSION);
    }
    return setNewPassword(call, pool, client, pending, responses, clientMetadata);
  }
  throw new NotImplementedLocallyException(`The ${name} challenge`);
};

async function verifyPassword(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, pending: SrpChallenge, responses: Record<string, string>, clientMetadata?: Record<string, string>) {
  const username = requireParameter(responses, 'USERNAME');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  if (!SRP_TIMESTAMP.test(timestamp)) throw new InvalidParameterException('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  call.checkSecretHash(client, username, responses.SECRET_HASH);
  const user = pending.username === undefined ? undefined : pool.store.get(pending.username);
  // USERNAME is what USER_ID_FOR_SRP said (the username); an alias of the same user is accepted too.
  if (!user || pool.store.find(username) !== user) throw new NotAuthorizedException(INCORRECT);
  gateSignIn(pool, user);
  const proven =
    user.password !== undefined &&
    claimSignatureMatches(
      { poolName: pool.config.srpName, userId: user.username, A: pending.A, challenge: pending.server, verifier: user.password.verifier, secretBlock: requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'), timestamp },
      signature,
    );
  if (!proven) {
    pool.recordSignInFailure(user.username);
    throw new NotAuthorizedException(INCORRECT);
  }
  pool.recordSignInSuccess(user.username);
  return completeSignIn(call, pool, client, user, clientMetadata);
}

async function setNewPassword(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, pending: NewPasswordChallenge, responses: Record<string, string>, clientMetadata?: Record<string, string>) {
  const user = pool.store.get(pending.username);
  if (!user) throw new NotAuthorizedException(EXPIRED_SESSION);
  const password = validatePasswordMember('challengeResponses.NEW_PASSWORD', requireParameter(responses, 'NEW_PASSWORD'));
  enforcePasswordPolicy(pool.config.passwordPolicy, password, 'sign-up');
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) if (key.startsWith('userAttributes.')) attributes[key.slice('userAttributes.'.length)] = value;
  validateAttributes(pool.config, attributes, { creating: false, client });
  for (const definition of pool.config.schema.values()) {
    if (definition.required && definition.name !== 'sub' && !user.attributes[definition.name] && !attributes[definition.name]) {
      throw new InvalidParameterException(`Invalid attributes given, ${definition.name} is missing`);
    }
  }
  Object.assign(user.attributes, attributes);
  user.password = createVerifier(pool.config.srpName, user.username, password);
  user.status = 'CONFIRMED';
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return { ChallengeParameters: {}, AuthenticationResult: await issueSignInTokens(call, pool, client, user, 'TokenGeneration_NewPasswordChallenge', clientMetadata) };
}
