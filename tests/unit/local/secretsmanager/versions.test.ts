import { describe, expect, it } from 'vitest';
import { rotationIntervalMs } from '../../../../local/secretsmanager/rotation';
import type { SecretVersion, StoredSecret } from '../../../../local/secretsmanager/secret-store';
import { withNewVersion, withStage } from '../../../../local/secretsmanager/versions';
import { generatedValue } from '../../../../local/secretsmanager/deployment';
import { randomPassword } from '../../../../local/secretsmanager/password';

const sealed = (text: string) => ({ kind: 'string' as const, iv: '', tag: '', data: text });
const version = (id: string, stages: string[]): SecretVersion => ({ id, stages, createdAt: 0, value: sealed(id) });
const secret = (versions: SecretVersion[]): StoredSecret => ({ name: 's', arn: 'arn', tags: [], createdAt: 0, lastChangedAt: 0, versions });
const stagesOf = (versions: SecretVersion[]) => Object.fromEntries(versions.map((v) => [v.id, v.stages]));
const same = (a?: { data: string }, b?: { data: string }) => a?.data === b?.data;

describe('staging labels', () => {
  it('moving AWSCURRENT gives AWSPREVIOUS to the version that held it, and takes it from the one before', () => {
    const versions = [version('a', ['AWSPREVIOUS']), version('b', ['AWSCURRENT']), version('c', [])];
    expect(stagesOf(withStage(versions, 'AWSCURRENT', 'c'))).toEqual({ a: [], b: ['AWSPREVIOUS'], c: ['AWSCURRENT'] });
  });

  it('moving another label leaves AWSCURRENT and AWSPREVIOUS where they are', () => {
    const versions = [version('a', ['AWSPREVIOUS', 'blue']), version('b', ['AWSCURRENT'])];
    expect(stagesOf(withStage(versions, 'blue', 'b'))).toEqual({ a: ['AWSPREVIOUS'], b: ['AWSCURRENT', 'blue'] });
  });

  it('a new version with the same id and value is a repeat; with another value it is refused', () => {
    const start = secret([version('a', ['AWSCURRENT'])]);
    const next = withNewVersion(start, 'b', sealed('b'), ['AWSCURRENT'], 1, same);
    expect(stagesOf(next.versions)).toEqual({ a: ['AWSPREVIOUS'], b: ['AWSCURRENT'] });
    expect(withNewVersion(next, 'b', sealed('b'), ['AWSCURRENT'], 2, same)).toBe(next);
    expect(() => withNewVersion(next, 'b', sealed('other'), ['AWSCURRENT'], 2, same)).toThrow(/can only create a new version/);
  });

  it('a version a rotation labelled AWSPENDING without a value takes the value it is given', () => {
    const start = secret([version('a', ['AWSCURRENT']), { id: 'p', stages: ['AWSPENDING'], createdAt: 0 }]);
    const next = withNewVersion(start, 'p', sealed('new'), ['AWSPENDING'], 1, same);
    expect(next.versions.find((v) => v.id === 'p')).toMatchObject({ stages: ['AWSPENDING'], value: sealed('new') });
    expect(stagesOf(next.versions).a).toEqual(['AWSCURRENT']);
  });
});

describe('rotation schedules', () => {
  it('reads AutomaticallyAfterDays and rate expressions; cron is not scheduled', () => {
    expect(rotationIntervalMs({ AutomaticallyAfterDays: 30 })).toBe(30 * 86_400_000);
    expect(rotationIntervalMs({ ScheduleExpression: 'rate(30 days)' })).toBe(30 * 86_400_000);
    expect(rotationIntervalMs({ ScheduleExpression: 'rate(4 hours)' })).toBe(4 * 3_600_000);
    expect(rotationIntervalMs({ ScheduleExpression: 'cron(0 16 1,15 * ? *)' })).toBeUndefined();
    expect(rotationIntervalMs(undefined)).toBeUndefined();
  });
});

describe('generated values', () => {
  it('puts the password under GenerateStringKey of the template, or is the password', () => {
    const value = JSON.parse(generatedValue({ SecretStringTemplate: '{"user":"u"}', GenerateStringKey: 'password', PasswordLength: 20, ExcludePunctuation: true })) as Record<string, string>;
    expect(value.user).toBe('u');
    expect(value.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(generatedValue({})).toHaveLength(32);
  });

  it('includes one character of each included type, and none excluded', () => {
    for (let i = 0; i < 50; i++) {
      const password = randomPassword({ PasswordLength: 4, ExcludeCharacters: 'aA0!' });
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
      expect(password).not.toMatch(/[aA0!]/);
    }
    expect(() => randomPassword({ PasswordLength: 2 })).toThrow(/at least 4/);
  });
});
