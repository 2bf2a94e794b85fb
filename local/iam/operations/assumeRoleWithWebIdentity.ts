import { StsError, UnknownRoleError } from '../errors';
import { AssumeRoleDeniedError, WebIdentityTokenError, type IamService } from '../types';
import type { StsOperation } from '../sts';
import { credentialsFields, sessionParameters, validationError } from './session-parameters';

/**
 * STS AssumeRoleWithWebIdentity (unsigned): the token is verified by its issuer's verifier
 * (Cognito identity's OpenID tokens, from GetOpenIdToken), then the role's trust policy
 * must let that federated provider in under the token's conditions (`…:aud`, `…:amr`).
 */
export const assumeRoleWithWebIdentity = (iam: IamService): StsOperation => ({
  unsigned: true,
  async run(params) {
    const { roleArn, sessionName, durationSeconds } = sessionParameters(params);
    const token = params.get('WebIdentityToken');
    if (token === null) throw validationError('webIdentityToken', null, 'Member must not be null');
    if (token.length < 4 || token.length > 20_000) throw validationError('webIdentityToken', '***', 'Member must have length less than or equal to 20000');
    let identity;
    try {
      identity = await iam.verifyWebIdentity(token);
    } catch (error) {
      if (!(error instanceof WebIdentityTokenError)) throw error;
      throw error.expired ? new StsError('ExpiredTokenException', error.message, 400) : new StsError('InvalidIdentityToken', error.message, 400);
    }
    try {
      const credentials = iam.assumeRoleWithWebIdentity(roleArn, identity.provider, { sessionName, durationSeconds, identityId: identity.identityId, context: identity.context });
      const user = iam.assumedRoleUser(roleArn, sessionName);
      return {
        Credentials: credentialsFields(credentials),
        SubjectFromWebIdentityToken: identity.subject,
        AssumedRoleUser: { AssumedRoleId: user.assumedRoleId, Arn: user.arn },
        Provider: identity.provider,
        Audience: identity.audience,
      };
    } catch (error) {
      if (error instanceof AssumeRoleDeniedError || error instanceof UnknownRoleError) throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
      if (error instanceof RangeError) throw new StsError('ValidationError', error.message, 400);
      throw error;
    }
  },
});
