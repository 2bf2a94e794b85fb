import { describe, expect, it } from 'vitest';
import { acceptsToken, integrationSecretName, newTokenSecret, parseTokenSecret, presentedToken, ROTATION_GRACE_MS } from '../../../../amplify/domain/integration-token';

const issued = new Date('2026-12-07T10:00:00.000Z');

describe('integration tokens', () => {
  it('are 32 random bytes in base64url, different every time, in a secret named from the integration', () => {
    const a = newTokenSecret(issued);
    const b = newTokenSecret(issued);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.issuedAt).toBe('2026-12-07T10:00:00.000Z');
    expect(integrationSecretName('abc')).toBe('flare/integrations/abc');
    expect(parseTokenSecret(JSON.stringify(a))).toEqual(a);
    expect(parseTokenSecret('not json')).toBeUndefined();
    expect(parseTokenSecret('{"token":1}')).toBeUndefined();
  });

  it('are read from Bearer, or from Basic auth\'s password (SNS HTTPS subscriptions), and nothing else', () => {
    expect(presentedToken('Bearer abc')).toBe('abc');
    expect(presentedToken('bearer  abc')).toBe('abc');
    expect(presentedToken(`Basic ${Buffer.from('sns:s3cret').toString('base64')}`)).toBe('s3cret');
    expect(presentedToken(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeUndefined();
    expect(presentedToken('Token abc')).toBeUndefined();
    expect(presentedToken('Bearer')).toBeUndefined();
    expect(presentedToken(undefined)).toBeUndefined();
  });

  it('accept the current token always, the previous one only within the grace period after a rotation', () => {
    // Prepare
    const previous = { token: 'old', issuedAt: '2026-12-01T00:00:00.000Z' };
    const current = { token: 'new', issuedAt: issued.toISOString() };
    const at = (ms: number) => new Date(issued.getTime() + ms);

    // Assess
    expect(acceptsToken('new', { current, previous, now: at(ROTATION_GRACE_MS * 10) })).toBe(true);
    expect(acceptsToken('old', { current, previous, now: at(ROTATION_GRACE_MS - 1) })).toBe(true);
    expect(acceptsToken('old', { current, previous, now: at(ROTATION_GRACE_MS) })).toBe(false);
    expect(acceptsToken('other', { current, previous, now: at(0) })).toBe(false);
    expect(acceptsToken('new', { current: undefined, previous, now: at(0) })).toBe(false);
    expect(ROTATION_GRACE_MS).toBe(15 * 60 * 1000);
  });
});
