import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../local/assembly';
import { readUserPools } from '../../../../local/cognito/pool-config';
import { Reporter } from '../../../../local/reporter';
import { DEFAULT_ASSEMBLY_DIR } from '../../../helpers/assembly';

const log = new Reporter({ level: 'silent' }).for('cognito');
const load = (dir: string) => readUserPools(CloudAssembly.load({ dir, endpoint: 'http://127.0.0.1:4566', seed: 'unit' }), log);

describe('user pool settings as synthesized', () => {
  it("reads Flare's pool, client and groups with Cognito's defaults", () => {
    const { pools, clients, groups } = load(DEFAULT_ASSEMBLY_DIR);
    expect(pools).toHaveLength(1);
    const [pool] = pools;
    expect(pool.id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(pool.srpName).toBe(pool.id.split('_')[1]);
    expect(pool).toMatchObject({
      usernameAttributes: ['email'],
      caseSensitive: false,
      autoVerifiedAttributes: ['email'],
      passwordPolicy: { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 7 },
      triggers: { PostConfirmation: expect.stringMatching(/^arn:aws:lambda:us-east-1:000000000000:function:/) },
      preTokenGenerationVersion: '1',
      verification: { emailSubject: 'Verify your new account', emailMessage: 'The verification code to your new account is {####}' },
      attributesRequireVerificationBeforeUpdate: ['email'],
    });
    expect(pool.schema.get('email')).toMatchObject({ required: true, mutable: true });
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({
      userPoolId: pool.id,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValiditySeconds: 3600,
      idTokenValiditySeconds: 3600,
      refreshTokenValiditySeconds: 30 * 86_400,
      authSessionValiditySeconds: 180,
    });
    expect([...clients[0].explicitAuthFlows].sort()).toEqual(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(clients[0].secret).toBeUndefined();
    expect(groups.map((g) => [g.name, g.precedence, g.roleArn?.startsWith('arn:aws:iam::000000000000:role/')])).toEqual([['ADMINS', 0, true], ['RESPONDERS', 1, true]]);
  });

  it('reads validity units, secrets, custom attributes, legacy settings and V2 pre token generation', () => {
    const { pools, clients } = load(fileURLToPath(new URL('../../../fixtures/cognito', import.meta.url)));
    const pool = pools.find((p) => p.logicalId === 'UsernamePool')!;
    expect(pool).toMatchObject({ caseSensitive: true, aliasAttributes: ['email'], usernameAttributes: [], preTokenGenerationVersion: '2' });
    expect(pool.schema.get('custom:tenant')).toMatchObject({ dataType: 'String', minLength: 1, maxLength: 20 });
    const byName = Object.fromEntries(clients.map((c) => [c.name, c]));
    expect(byName['password-client']).toMatchObject({ preventUserExistenceErrors: false, accessTokenValiditySeconds: 300, idTokenValiditySeconds: 600, refreshTokenValiditySeconds: 86_400 });
    expect(byName['secret-client'].secret).toMatch(/^[a-z0-9]{51}$/);
    expect(byName['no-revocation-client'].enableTokenRevocation).toBe(false);
  });
});
