import type { StringShape } from '../kit';
import { InvalidPasswordException } from './errors';
import { checkInput } from './input';
import type { PasswordPolicy } from './pool-config';

/** The special characters Cognito counts as symbols (the space is one too). */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/**
 * Cognito words the same failure two ways: the sign-up family ("did not conform with")
 * and the password-change family ("does not conform to").
 */
export type PasswordContext = 'sign-up' | 'change';

/**
 * Checks a password against the pool's policy and throws InvalidPasswordException with
 * Cognito's message for the first requirement it misses. The order of the checks is not
 * documented; length comes first, then the character classes.
 * @example
 * enforcePasswordPolicy(pool.passwordPolicy, input.Password, 'sign-up');
 */
export function enforcePasswordPolicy(policy: PasswordPolicy, password: string, context: PasswordContext): void {
  const missing = firstViolation(policy, password);
  if (!missing) return;
  const prefix = context === 'sign-up' ? 'Password did not conform with policy' : 'Password does not conform to policy';
  throw new InvalidPasswordException(`${prefix}: ${missing}`);
}

function firstViolation(policy: PasswordPolicy, password: string): string | undefined {
  if ([...password].length < policy.minimumLength) return 'Password not long enough';
  if (policy.requireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.requireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.requireSymbols && ![...password].some((char) => SYMBOLS.has(char))) return 'Password must have symbol characters';
  return undefined;
}

/**
 * The API's own constraint on every password member, checked before the policy: at most 256
 * characters, not starting or ending with whitespace (PasswordType in Cognito's model; a
 * password is sensitive: messages never show it).
 */
const PASSWORD: StringShape & { required: true } = { type: 'string', required: true, max: 256, pattern: '^[\\S]+.*[\\S]+$', sensitive: true };

export function validatePasswordMember(member: string, password: unknown): string {
  checkInput(password, PASSWORD, member);
  return password as string;
}
