import { describe, expect, it } from 'vitest';
import { parseUserFilter } from '../../../../local/cognito/list-users-filter';
import type { StoredUser } from '../../../../local/cognito/user-store';

const user = (username: string, attributes: Record<string, string>, extra: Partial<StoredUser> = {}): StoredUser => ({
  username,
  attributes: { sub: `sub-${username}`, ...attributes },
  status: 'CONFIRMED',
  enabled: true,
  created: 0,
  modified: 0,
  groups: [],
  codes: {},
  ...extra,
});

const ann = user('Ann', { email: 'ann@example.com', given_name: 'Ann' });
const bob = user('bob', { email: 'bob@example.org', phone_number: '+15550100' }, { status: 'UNCONFIRMED', enabled: false });

describe('ListUsers filter', () => {
  it.each([
    ['', [ann, bob]],
    ['  ', [ann, bob]],
    ['email = "ann@example.com"', [ann]],
    ['email ^= "b"', [bob]],
    ['"email"^="ann"', [ann]],
    ['given_name = "Ann"', [ann]],
    ['phone_number ^= "+1555"', [bob]],
    ['cognito:user_status = "UNCONFIRMED"', [bob]],
    ['status = "Disabled"', [bob]],
    ['status = "Enabled"', [ann]],
    ['sub = "sub-Ann"', [ann]],
    ['username = "ann"', [ann]],
  ])('%s', (filter, expected) => {
    const matches = parseUserFilter(filter, false);
    expect([ann, bob].filter(matches)).toEqual(expected);
  });

  it('compares usernames exactly in case-sensitive pools', () => {
    expect([ann, bob].filter(parseUserFilter('username = "ann"', true))).toEqual([]);
    expect([ann, bob].filter(parseUserFilter('username = "Ann"', true))).toEqual([ann]);
  });

  it('unescapes quotes in values', () => {
    const quoted = user('q', { name: 'Say "hi"' });
    expect([quoted].filter(parseUserFilter('name = "Say \\"hi\\""', false))).toEqual([quoted]);
  });

  it.each(['email', 'email = ann', 'email != "x"', 'email = "a" and name = "b"'])('refuses %s', (filter) => {
    expect(() => parseUserFilter(filter, false)).toThrow('Error while parsing filter.');
  });

  it('refuses attributes that cannot be searched', () => {
    expect(() => parseUserFilter('custom:tenant = "acme"', false)).toThrow('Invalid search attribute: custom:tenant');
  });
});
