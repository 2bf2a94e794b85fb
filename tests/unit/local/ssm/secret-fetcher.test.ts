/**
 * `secret()` in auth (a social provider's client secret) as Amplify synthesizes it: a
 * `Custom::AmplifySecretFetcherResource` whose attributes are the secret values, read with
 * Fn::GetAtt by the identity provider. Locally they come from the secret store; a secret
 * that is not set disables only the provider that needs it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudAssembly, UnresolvableAttributeError } from '../../../../local/assembly';
import { secretFetcherAttributes } from '../../../../local/ssm/secret-fetcher';
import { SecretsFile } from '../../../../local/ssm/secrets';

const TEMPLATE = {
  Resources: {
    UserPool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'pool' } },
    AmplifySecretFetcherResource: {
      Type: 'Custom::AmplifySecretFetcherResource',
      Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:fetcher', namespace: 'app', name: 'me', type: 'sandbox', secretNames: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'], secretLastUpdated: 1 },
    },
    GoogleIdP: {
      Type: 'AWS::Cognito::UserPoolIdentityProvider',
      Properties: {
        ProviderName: 'Google',
        ProviderType: 'Google',
        UserPoolId: { Ref: 'UserPool' },
        ProviderDetails: {
          client_id: { 'Fn::GetAtt': ['AmplifySecretFetcherResource', 'GOOGLE_CLIENT_ID'] },
          client_secret: { 'Fn::GetAtt': ['AmplifySecretFetcherResource', 'GOOGLE_CLIENT_SECRET'] },
          authorize_scopes: 'openid email',
        },
      },
    },
  },
};

let dir: string;
let secrets: SecretsFile;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flare-secret-fetcher-'));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: { app: { type: 'aws:cloudformation:stack', properties: { templateFile: 'app.template.json' } } } }));
  writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify(TEMPLATE));
  secrets = new SecretsFile(SecretsFile.pathIn(path.join(dir, 'state')));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = () => CloudAssembly.load({ dir, endpoint: 'http://127.0.0.1:4566', seed: 's', attributes: secretFetcherAttributes(secrets) });

describe('Custom::AmplifySecretFetcherResource', () => {
  it('gives each secret name its value from the local secret store', () => {
    secrets.set('GOOGLE_CLIENT_ID', 'client-id-123');
    secrets.set('GOOGLE_CLIENT_SECRET', 'client-secret-456');
    const assembly = load();
    const [provider] = assembly.ofType('AWS::Cognito::UserPoolIdentityProvider');
    expect(provider.properties()).toMatchObject({ ProviderDetails: { client_id: 'client-id-123', client_secret: 'client-secret-456', authorize_scopes: 'openid email' } });
    expect(assembly.disabled.size).toBe(0);
  });

  it('disables only what needs a secret that is not set, naming it and how to set it', () => {
    secrets.set('GOOGLE_CLIENT_ID', 'client-id-123');
    const assembly = load();
    expect(assembly.ofType('AWS::Cognito::UserPoolIdentityProvider')).toEqual([]);
    expect(assembly.ofType('AWS::Cognito::UserPool')).toHaveLength(1);
    const [disabled] = assembly.disabled.values();
    expect(disabled.error).toBeInstanceOf(UnresolvableAttributeError);
    expect(disabled).toMatchObject({
      type: 'AWS::Cognito::UserPoolIdentityProvider',
      reason: 'Fn::GetAtt AmplifySecretFetcherResource.GOOGLE_CLIENT_SECRET (Custom::AmplifySecretFetcherResource) cannot be resolved locally: secret GOOGLE_CLIENT_SECRET is not set',
      resolution: expect.stringContaining('flare-local secret set GOOGLE_CLIENT_SECRET'),
    });
  });
});
