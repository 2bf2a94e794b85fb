import type { CognitoOperation } from '../context';
import { checkInput, optionalString } from '../input';
import { page } from '../pagination';
import { userPoolType } from '../pool-description';

/** ListUserPools: the account's pools by id, `MaxResults` (PoolQueryLimitType: 1–60, required) per page. */
export const listUserPools: CognitoOperation = (input, call) => {
  call.adminAccount();
  checkInput(input.MaxResults, { type: 'integer', required: true, min: 1, max: 60 }, 'MaxResults');
  const max = input.MaxResults as number;
  const pools = [...call.cognito.pools.values()].sort((a, b) => a.id.localeCompare(b.id));
  const { items, next } = page(pools, (pool) => pool.id, max, optionalString(input, 'NextToken'));
  return {
    UserPools: items.map((pool) => {
      const { Id, Name, LambdaConfig, CreationDate, LastModifiedDate } = userPoolType(pool);
      return { Id, Name, LambdaConfig, CreationDate, LastModifiedDate };
    }),
    ...(next && { NextToken: next }),
  };
};
