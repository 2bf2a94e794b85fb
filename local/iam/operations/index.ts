import type { StsOperation } from '../sts';
import { getCallerIdentity } from './getCallerIdentity';

/** The STS operations the local IAM service answers; anything else is InvalidAction naming it. */
export const stsOperations: Readonly<Record<string, StsOperation>> = {
  GetCallerIdentity: getCallerIdentity,
};
