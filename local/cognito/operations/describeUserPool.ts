import type { CognitoOperation } from '../context';
import { userPoolType } from '../pool-description';

/** DescribeUserPool: the pool's settings as UserPoolType. */
export const describeUserPool: CognitoOperation = (input, call) => ({ UserPool: userPoolType(call.adminPool(input)) });
