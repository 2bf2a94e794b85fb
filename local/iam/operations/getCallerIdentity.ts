import type { StsOperation } from '../sts';

/** STS GetCallerIdentity: who signed the request. Needs no permission, as on AWS. */
export const getCallerIdentity: StsOperation = {
  run: (_params, principal) => ({
    UserId: principal!.userId,
    Account: principal!.accountId,
    Arn: principal!.arn,
  }),
};
