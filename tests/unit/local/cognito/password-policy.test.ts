import { describe, expect, it } from 'vitest';
import { enforcePasswordPolicy, validatePasswordMember } from '../../../../local/cognito/password-policy';
import type { PasswordPolicy } from '../../../../local/cognito/pool-config';

const strict: PasswordPolicy = { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 7 };
const relaxed: PasswordPolicy = { ...strict, minimumLength: 6, requireUppercase: false, requireSymbols: false };

describe('password policy', () => {
  it.each([
    [strict, 'Ab1!', 'Password not long enough'],
    [strict, 'ABCDEFG1!', 'Password must have lowercase characters'],
    [strict, 'abcdefg1!', 'Password must have uppercase characters'],
    [strict, 'Abcdefgh!', 'Password must have numeric characters'],
    [strict, 'Abcdefgh1', 'Password must have symbol characters'],
    [relaxed, 'abc12', 'Password not long enough'],
  ])('reports the first requirement missed (%#)', (policy, password, reason) => {
    expect(() => enforcePasswordPolicy(policy, password, 'sign-up')).toThrow(`Password did not conform with policy: ${reason}`);
    expect(() => enforcePasswordPolicy(policy, password, 'change')).toThrow(`Password does not conform to policy: ${reason}`);
  });

  it.each([
    [strict, 'Abcdefg1!'],
    [strict, 'Abcdefg1 x'],
    [strict, 'Abcdefg1^'],
    [relaxed, 'abc123'],
  ])('accepts what meets the policy (%#); a space counts as a symbol', (policy, password) => {
    expect(() => enforcePasswordPolicy(policy, password, 'sign-up')).not.toThrow();
  });

  it('throws InvalidPasswordException', () => {
    expect(() => enforcePasswordPolicy(strict, 'x', 'sign-up')).toThrow(expect.objectContaining({ type: 'InvalidPasswordException', statusCode: 400 }));
  });

  it('checks the API member constraints without echoing the password', () => {
    expect(() => validatePasswordMember('password', undefined)).toThrow("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
    expect(() => validatePasswordMember('password', ' Leading-space-1')).toThrow("1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$");
    expect(() => validatePasswordMember('password', 'x'.repeat(257))).toThrow("Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256");
    expect(validatePasswordMember('password', 'Inner space-1')).toBe('Inner space-1');
  });
});
