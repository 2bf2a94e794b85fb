import { randomInt, randomUUID } from 'node:crypto';
import { readAttributeList, requireAttributes, usernameAttributeOf, validateAttributes } from '../attributes';
import type { CognitoOperation } from '../context';
import { UnsupportedUserStateException } from '../errors';
import { checkInput, optionalString, requireUsername, stringMap } from '../input';
import { enforcePasswordPolicy, validatePasswordMember } from '../password-policy';
import type { PasswordPolicy } from '../pool-config';
import { createVerifier } from '../srp';
import type { UserPool } from '../user-pool';
import type { StoredUser } from '../user-store';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '^$*.[]{}()?!@#%&/,><:;|_~=+-';

/** A temporary password that satisfies the pool's policy (one of each required class, then random). */
function temporaryPassword(policy: PasswordPolicy): string {
  const pick = (set: string) => set[randomInt(set.length)];
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  while (chars.length < Math.max(policy.minimumLength, 12)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Where the invitation goes: the mediums asked for (SMS by default, as Cognito) that the user has. */
function invitationAttribute(input: Record<string, unknown>, user: StoredUser): string | undefined {
  const desired = Array.isArray(input.DesiredDeliveryMediums) ? (input.DesiredDeliveryMediums as unknown[]).map(String) : ['SMS'];
  if (desired.includes('SMS') && user.attributes.phone_number) return 'phone_number';
  if (desired.includes('EMAIL') && user.attributes.email) return 'email';
  // Asked for SMS without a phone number: Cognito falls back to email when it can.
  return user.attributes.email ? 'email' : undefined;
}

async function invite(call: Parameters<CognitoOperation>[1], pool: UserPool, user: StoredUser, input: Record<string, unknown>, password: string) {
  const attribute = invitationAttribute(input, user);
  if (!attribute) return;
  await call.cognito.mailer.send({ pool, user, kind: 'AdminCreateUser', attribute, secret: password, clientMetadata: stringMap(input, 'ClientMetadata') });
}

/**
 * AdminCreateUser: a user in FORCE_CHANGE_PASSWORD with a temporary password (given, or
 * generated and sent in the invitation to the outbox). `MessageAction: RESEND` sends a new one.
 */
export const adminCreateUser: CognitoOperation = async (input, call) => {
  const pool = call.adminPool(input);
  const name = requireUsername(input);
  checkInput(input.MessageAction, { type: 'string', enum: ['RESEND', 'SUPPRESS'] }, 'MessageAction');
  const action = optionalString(input, 'MessageAction');
  const given = input.TemporaryPassword === undefined ? undefined : validatePasswordMember('temporaryPassword', input.TemporaryPassword);
  if (given !== undefined) enforcePasswordPolicy(pool.config.passwordPolicy, given, 'change');
  const password = given ?? temporaryPassword(pool.config.passwordPolicy);
  const expires = call.now() + pool.config.passwordPolicy.temporaryPasswordValidityDays * 86_400_000;

  if (action === 'RESEND') {
    const user = call.adminUser(pool, input);
    if (user.status !== 'FORCE_CHANGE_PASSWORD') throw new UnsupportedUserStateException(`Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`);
    user.password = { ...createVerifier(pool.config.srpName, user.username, password), temporaryExpiresAt: expires };
    user.modified = call.now();
    pool.store.put(user);
    await invite(call, pool, user, input, password);
    await pool.store.save();
    return { User: pool.userType(user) };
  }

  const attributes = readAttributeList('userAttributes', input.UserAttributes);
  const validationData = readAttributeList('validationData', input.ValidationData);
  const usernameAttribute = usernameAttributeOf(pool.config, name);
  validateAttributes(pool.config, attributes, { creating: true, admin: true });
  if (usernameAttribute) attributes[usernameAttribute] = name;
  requireAttributes(pool.config, attributes);
  pool.assertUsernameFree(name, usernameAttribute, true);
  const sub = randomUUID();
  const username = usernameAttribute ? sub : name;
  await call.cognito.triggers.run(pool.config, {
    trigger: 'PreSignUp',
    triggerSource: 'PreSignUp_AdminCreateUser',
    userName: username,
    request: { userAttributes: { ...attributes }, validationData: Object.keys(validationData).length ? validationData : null, ...(input.ClientMetadata !== undefined && { clientMetadata: stringMap(input, 'ClientMetadata') }) },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  pool.assertUsernameFree(name, usernameAttribute, true);
  const now = call.now();
  const user: StoredUser = {
    username,
    attributes: { sub, ...attributes },
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    created: now,
    modified: now,
    password: { ...createVerifier(pool.config.srpName, username, password), temporaryExpiresAt: expires },
    groups: [],
    codes: {},
  };
  pool.store.put(user);
  if (action !== 'SUPPRESS') await invite(call, pool, user, input, password);
  await pool.store.save();
  call.log.info(`created ${name} in ${pool.id} (FORCE_CHANGE_PASSWORD)`);
  return { User: pool.userType(user) };
};
