import type { GetCredentialsForIdentityInput, GetCredentialsForIdentityResponse } from '@aws-sdk/client-cognito-identity';
import { AssumeRoleDeniedError } from '../../../iam/types';
import { defineOperation } from '../../../kit';
import { authenticateIdentity } from '../authenticate-identity';
import type { IdentityPoolCall } from '../context';
import { InvalidIdentityPoolConfigurationException } from '../errors';
import { FEDERATED_PROVIDER } from '../open-id-tokens';
import { resolveAuthenticatedRole, resolveUnauthenticatedRole } from '../role-resolution';
import { IDENTITY_ID, LOGINS } from './members';

/**
 * GetCredentialsForIdentity: temporary credentials for the identity's role — the
 * unauthenticated role for a guest, the role that role mapping picks for a signed-in user —
 * issued through IAM, which checks the role's trust policy as STS would
 * (`cognito-identity.amazonaws.com:aud` = the pool, `…:amr` authenticated/unauthenticated)
 * and binds `${cognito-identity.amazonaws.com:sub}` to the identity id. Who the identity is
 * follows authenticateIdentity (guests, linking and merging). Called before the app has AWS
 * credentials: not signed, not authorized through IAM.
 */
export const getCredentialsForIdentity = defineOperation<GetCredentialsForIdentityInput, GetCredentialsForIdentityResponse, IdentityPoolCall>({
  name: 'GetCredentialsForIdentity',
  action: false,
  input: {
    type: 'structure',
    members: {
      IdentityId: { ...IDENTITY_ID, required: true },
      Logins: LOGINS,
      CustomRoleArn: { type: 'string', min: 20, max: 2048 },
    },
  },
  handle: (input, call) => credentialsFor(input.IdentityId, input.Logins ?? {}, input.CustomRoleArn, call),
});

async function credentialsFor(requestedId: string, presented: Record<string, string>, customRoleArn: string | undefined, context: IdentityPoolCall): Promise<GetCredentialsForIdentityResponse> {
  const { identity, pool, login, amr } = await authenticateIdentity(context, requestedId, presented);
  const roleArn = login ? resolveAuthenticatedRole(pool, login, customRoleArn) : resolveUnauthenticatedRole(pool);

  let credentials;
  try {
    credentials = context.iam.assumeRoleWithWebIdentity(roleArn, FEDERATED_PROVIDER, {
      sessionName: 'CognitoIdentityCredentials',
      identityId: identity.identityId,
      durationSeconds: 3600,
      context: {
        'cognito-identity.amazonaws.com:aud': pool.id,
        'cognito-identity.amazonaws.com:amr': amr,
        'cognito-identity.amazonaws.com:sub': identity.identityId,
      },
    });
  } catch (error) {
    // The role's trust policy does not let this pool's identities assume it.
    if (error instanceof AssumeRoleDeniedError) throw new InvalidIdentityPoolConfigurationException();
    throw error;
  }
  return {
    IdentityId: identity.identityId,
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      // The SDK's type says Date; the JSON wire carries whole epoch seconds.
      Expiration: new Date(Math.floor(credentials.expiration!.getTime() / 1000) * 1000),
    },
  };
}
