import { afterEach, describe, expect, it, vi } from 'vitest';
import { callerName, requireEnv } from '../../../../amplify/shared/caller';
import { INTERNAL_FAILURE_MESSAGE, ResolverError, toResolverError } from '../../../../amplify/shared/resolver-error';
import { IllegalTransitionError } from '../../../../amplify/domain/incident-lifecycle';
import { cognitoIdentity, iamIdentity } from '../functions/events';

describe('callerName', () => {
  it('names a user by the email claim', () => {
    expect(callerName(cognitoIdentity())).toBe('alice@example.com');
  });

  it('falls back to the username when there is no email claim', () => {
    // Prepare
    const identity = cognitoIdentity({ username: 'carol', claims: { sub: 'abc' } });

    // Act + Assess
    expect(callerName(identity)).toBe('carol');
  });

  it('ignores an empty email claim', () => {
    expect(callerName(cognitoIdentity({ username: 'carol', claims: { email: '' } }))).toBe('carol');
  });

  it('names an IAM caller by its role, not by the principal id AppSync puts in username', () => {
    // Prepare: AppSync's IAM identity has both username (AROA…:session) and userArn
    const identity = iamIdentity('escalatelambdaServiceRole8AA514D1');

    // Act + Assess
    expect(callerName(identity)).toBe('escalatelambdaServiceRole8AA514D1');
  });

  it.each([[null], [undefined], [{}]])('is "system" when nobody is named (%j)', (identity) => {
    expect(callerName(identity)).toBe('system');
  });
});

describe('requireEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('returns a set variable', () => {
    // Prepare
    vi.stubEnv('FLARE_TEST_VARIABLE', 'value');

    // Act + Assess
    expect(requireEnv('FLARE_TEST_VARIABLE')).toBe('value');
  });

  it.each([[''], [undefined]])('throws, naming the variable, when it is unset or empty (%j)', (value) => {
    // Prepare
    vi.stubEnv('FLARE_TEST_VARIABLE', value);

    // Act + Assess
    expect(() => requireEnv('FLARE_TEST_VARIABLE')).toThrow('Environment variable FLARE_TEST_VARIABLE is not set');
  });
});

describe('toResolverError', () => {
  it('turns a domain error into an error named by its errorType, keeping the message', () => {
    // Act
    const error = toResolverError(new IllegalTransitionError('RESOLVED', 'ACKNOWLEDGE'));

    // Assess
    expect(error).toBeInstanceOf(ResolverError);
    expect(error).toMatchObject({ name: 'IllegalTransition', message: 'Cannot acknowledge an incident that is RESOLVED' });
  });

  it('keeps the text of a crash out of what the caller sees, logging it instead', () => {
    // Prepare
    const crash = new TypeError("Cannot read properties of undefined (reading 'Item')");
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

    // Act
    const error = toResolverError(crash);

    // Assess
    expect(error).toMatchObject({ name: 'InternalFailure', message: INTERNAL_FAILURE_MESSAGE });
    expect(error.message).not.toContain('Cannot read');
    expect(logged).toHaveBeenCalledWith('resolver failed:', crash);
    logged.mockRestore();
  });

  it('passes a ResolverError a function threw on as it is', () => {
    const retry = new ResolverError('ConcurrentModification', 'Incident 1 changed while the alert was recorded; retry');
    expect(toResolverError(retry)).toBe(retry);
  });
});
