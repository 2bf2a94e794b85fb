import type { GetCredentialsForIdentityInput, GetCredentialsForIdentityResponse } from '@aws-sdk/client-cognito-identity';
import { AssumeRoleDeniedError } from '../../../iam/types';
import { defineOperation } from '../../../kit';
import { cognitoOf, poolNamed, type IdentityPoolCall } from '../context';
import { InvalidIdentityPoolConfigurationException, NotAuthorizedException, ResourceNotFoundException } from '../errors';
import type { Identity } from '../identities';
import { verifyLogins, type VerifiedLogin } from '../logins';
import { resolveAuthenticatedRole, resolveUnauthenticatedRole } from '../role-resolution';
import { IDENTITY_ID, LOGINS } from './members';

const FEDERATED_PROVIDER = 'cognito-identity.amazonaws.com';
const LOGINS_DO_NOT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool.";

/**
 * GetCredentialsForIdentity: temporary credentials for the identity's role — the
 * unauthenticated role for a guest, the role that role mapping picks for a signed-in user —
 * issued through IAM, which checks the role's trust policy as STS would
 * (`cognito-identity.amazonaws.com:aud` = the pool, `…:amr` authenticated/unauthenticated)
 * and binds `${cognito-identity.amazonaws.com:sub}` to the identity id.
 *
 * A guest identity presented with logins is linked to them; when the logins already have
 * an identity, the guest one is merged into it and that identity id is returned (the
 * response's IdentityId may differ from the request's, as aws-amplify expects). Called before
 * the app has AWS credentials: not signed, not authorized through IAM.
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
  const requested = context.identities.get(requestedId);
  if (!requested) throw new ResourceNotFoundException(`Identity '${requestedId}' not found.`);
  const pool = poolNamed(context, requested.identityPoolId);
  const logins = await verifyLogins(pool, presented, cognitoOf(context));

  let identity: Identity;
  let roleArn: string;
  let amr: string[];
  if (logins.length === 0) {
    if (Object.keys(requested.logins).length > 0) throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH);
    if (!pool.allowUnauthenticated) throw new NotAuthorizedException('Unauthenticated access is not supported for this identity pool.');
    identity = requested;
    roleArn = resolveUnauthenticatedRole(pool);
    amr = ['unauthenticated'];
  } else {
    identity = await context.identities.change(() => linkOrMerge(context, requested, logins));
    const login = logins[0];
    roleArn = resolveAuthenticatedRole(pool, login, customRoleArn);
    amr = ['authenticated', login.provider.providerName, `${login.provider.providerName}:CognitoSignIn:${login.sub}`];
  }

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

/** The identity the logins belong to, linking or merging the requested one (runs inside a store change). */
function linkOrMerge(context: IdentityPoolCall, requested: Identity, logins: VerifiedLogin[]): Identity {
  const subs = Object.fromEntries(logins.map((login) => [login.provider.providerName, login.sub]));
  const linked = logins.map((login) => context.identities.findByLogin(requested.identityPoolId, login.provider.providerName, login.sub)).find(Boolean);
  const requestedIsGuest = Object.keys(requested.logins).length === 0;
  if (linked) {
    if (linked.identityId === requested.identityId) return linked;
    if (!requestedIsGuest) throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH);
    context.identities.remove(requested);
    return linked;
  }
  if (!requestedIsGuest) {
    // Another user's identity: none of its logins is among the ones presented.
    const sameProvider = Object.keys(requested.logins).some((provider) => provider in subs);
    if (sameProvider) throw new NotAuthorizedException(LOGINS_DO_NOT_MATCH);
  }
  context.identities.link(requested, subs);
  return requested;
}
