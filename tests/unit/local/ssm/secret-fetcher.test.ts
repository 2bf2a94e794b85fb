/**
 * `secret()` in auth (a social provider's client secret) as Amplify synthesizes it: a
 * `Custom::AmplifySecretFetcherResource` whose attributes are the secret values, read with
 * Fn::GetAtt by the identity provider. Locally they come from the Parameter Store paths
 * Amplify's fetcher reads (the backend's branch path, then the app's shared one); a secret
 * that is not set disables only the provider that needs it.
 */
import { ParameterPathConversions } from '@aws-amplify/platform-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudAssembly, UnresolvableAttributeError } from '../../../../local/assembly';
import { backendSecretDirectories } from '../../../../local/ssm/amplify-secrets';
import { secretFetcherAttributes } from '../../../../local/ssm/secret-fetcher';

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

const BACKEND = { namespace: 'app', name: 'me', type: 'sandbox' } as const;
let dir: string;
/** Parameter name → value, as the local Parameter Store would answer. */
let parameters: Map<string, string>;
const branchPath = (secret: string) => ParameterPathConversions.toParameterFullPath(BACKEND, secret);
const sharedPath = (secret: string) => ParameterPathConversions.toParameterFullPath(BACKEND.namespace, secret);
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flare-secret-fetcher-'));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: { app: { type: 'aws:cloudformation:stack', properties: { templateFile: 'app.template.json' } } } }));
  writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify(TEMPLATE));
  parameters = new Map();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = () => CloudAssembly.load({ dir, endpoint: 'http://127.0.0.1:4566', seed: 's', attributes: secretFetcherAttributes((name) => parameters.get(name)) });

describe('Custom::AmplifySecretFetcherResource', () => {
  it('reads the branch and shared paths Amplify derives from the backend identifier (as @aws-amplify/platform-core computes them)', () => {
    expect(backendSecretDirectories(BACKEND)).toEqual({ branch: path.posix.dirname(branchPath('X')), shared: path.posix.dirname(sharedPath('X')) });
    expect(backendSecretDirectories({ namespace: 'my-app_2', name: 'dev.user', type: 'branch' }).branch).toBe(
      path.posix.dirname(ParameterPathConversions.toParameterFullPath({ namespace: 'my-app_2', name: 'dev.user', type: 'branch' }, 'X')),
    );
  });

  it('gives each secret name its value, the branch path first, then the shared one', () => {
    parameters.set(branchPath('GOOGLE_CLIENT_ID'), 'client-id-123');
    parameters.set(sharedPath('GOOGLE_CLIENT_ID'), 'shared-client-id');
    parameters.set(sharedPath('GOOGLE_CLIENT_SECRET'), 'client-secret-456');
    const assembly = load();
    const [provider] = assembly.ofType('AWS::Cognito::UserPoolIdentityProvider');
    expect(provider.properties()).toMatchObject({ ProviderDetails: { client_id: 'client-id-123', client_secret: 'client-secret-456', authorize_scopes: 'openid email' } });
    expect(assembly.disabled.size).toBe(0);
  });

  it('disables only what needs a secret that is not set, naming it and how to set it', () => {
    parameters.set(branchPath('GOOGLE_CLIENT_ID'), 'client-id-123');
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
