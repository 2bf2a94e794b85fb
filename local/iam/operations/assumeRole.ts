import { StsError, UnknownRoleError } from '../errors';
import { AssumeRoleDeniedError, type IamService } from '../types';
import type { StsOperation } from '../sts';
import { credentialsFields, sessionParameters, validationError } from './session-parameters';

/**
 * STS AssumeRole: temporary credentials of a role of the assembly for a signed-in caller
 * whom the role's trust policy lets in (see IamService.assumeRole). Session policies
 * (`Policy`, `PolicyArns`) and tags are refused by name rather than ignored.
 */
export const assumeRole = (iam: IamService): StsOperation => ({
  run(params, principal) {
    const { roleArn, sessionName, durationSeconds } = sessionParameters(params);
    for (const name of ['Policy', 'PolicyArns.member.1.arn', 'Tags.member.1.Key', 'SerialNumber']) {
      if (params.has(name)) throw new StsError('InvalidParameterValue', `${name.split('.')[0]} is not supported by the local STS`, 400);
    }
    const externalId = params.get('ExternalId') ?? undefined;
    if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
      throw validationError('externalId', externalId, 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*');
    }
    try {
      const { credentials, user } = iam.assumeRole(principal!, roleArn, { sessionName, durationSeconds, externalId });
      return { Credentials: credentialsFields(credentials), AssumedRoleUser: { AssumedRoleId: user.assumedRoleId, Arn: user.arn } };
    } catch (error) {
      if (error instanceof AssumeRoleDeniedError) throw new StsError('AccessDenied', error.message, 403);
      if (error instanceof UnknownRoleError) throw new StsError('AccessDenied', `User: ${principal!.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
      if (error instanceof RangeError) throw new StsError('ValidationError', error.message, 400);
      throw error;
    }
  },
});
