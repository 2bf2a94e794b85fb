import type { StsOperation } from '../sts';
import type { IamService } from '../types';
import { assumeRole } from './assumeRole';
import { assumeRoleWithWebIdentity } from './assumeRoleWithWebIdentity';
import { getCallerIdentity } from './getCallerIdentity';

/** The STS operations the local IAM service answers; anything else is InvalidAction naming it. */
export function stsOperations(iam: IamService): Readonly<Record<string, StsOperation>> {
  return {
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole(iam),
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity(iam),
  };
}
